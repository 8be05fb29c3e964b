# need-npm.sh: sourced by the fetch scripts.  need_npm WHO WHAT makes sure
# npm and node are there: installs Debian's npm as root, else prints the
# command to run and exits 1.
need_npm() {
    for tool in npm node; do
        command -v $tool >/dev/null && continue
        if [ "$(id -u)" = 0 ]; then
            echo "$1: installing npm (Debian package) to fetch $2" >&2
            DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends npm >&2
        else
            echo "$1: npm is needed to fetch $2. Run:" >&2
            echo "  sudo apt-get install -y npm" >&2
            exit 1
        fi
    done
}
