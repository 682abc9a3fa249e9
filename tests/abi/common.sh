# tests/abi/common.sh - shared by tests/abi/update and tests/abi/check:
# builds the shared library with debug info in $ABI_BUILD (default
# build-abi at the top of the tree) and sets $lib to it.
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
build="${ABI_BUILD:-$root/build-abi}"
baseline="$root/tests/abi/libyjpi.abi"
if [ ! -d "$build" ]; then
    meson setup "$build" "$root" --buildtype=debug -Dtests=false >/dev/null
fi
ninja -C "$build" >/dev/null
lib="$(readlink -f "$build/lib/libyjpi.so")"
# The public headers: the umbrella header and include/yjpi/*.h.  abidw and
# abidiff use them to keep only the public ABI (types reachable from them).
headers=(--headers-dir "$root/include/yjpi" --header-file "$root/include/yjpi.h")
