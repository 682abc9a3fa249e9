#!/usr/bin/env python3
"""The library's layers, checked on its objects.

Usage: layers.py [--nm NM] [--graph] LIBYJPI_INTERNAL.a

Reads the symbols each object of the static library defines and uses
(`nm`), and fails when
  - an object uses a symbol defined in a later layer (an upward use), or
  - two objects use each other, directly or round a circle of any length
    (within one layer too), or
  - an object belongs to no layer.
The layers, in order (each may use only itself and the ones before it; the
same list is drawn in lib/README.md):
"""
import argparse
import collections
import subprocess
import sys

LAYERS = ["common", "time", "compare", "model", "input", "measures", "assess"]


def objects(nm, archive):
    """{member: (defined, undefined)} from `nm -A -P archive`."""
    out = subprocess.run([nm, "-A", "-P", archive], capture_output=True,
                         text=True, check=True).stdout
    objs = collections.defaultdict(lambda: (set(), set()))
    for line in out.splitlines():
        # "archive[member]: symbol type value size" (GNU nm -A -P)
        head, _, rest = line.partition(": ")
        if "[" not in head:
            continue
        member = head[head.index("[") + 1:head.rindex("]")]
        parts = rest.split()
        if len(parts) < 2:
            continue
        sym, kind = parts[0], parts[1]
        defined, used = objs[member]
        if kind == "U":
            used.add(sym)
        elif kind.isupper() and kind not in "UVW" or kind in "VW":
            defined.add(sym)
    return objs


def layer_of(member):
    """'.../common_alloc.c.o' -> ('common', 'common/alloc.c')"""
    folder, _, rest = member.rsplit("/", 1)[-1].partition("_")
    return folder, folder + "/" + rest[:-2] if rest.endswith(".o") else rest


def circles(graph):
    """The strongly connected components of more than one node (Tarjan)."""
    index, low, stack, on, out = {}, {}, [], set(), []
    counter = [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--nm", default="nm")
    ap.add_argument("--graph", action="store_true",
                    help="print who uses whom")
    ap.add_argument("archive")
    a = ap.parse_args()

    objs = objects(a.nm, a.archive)
    owner, layer, name = {}, {}, {}
    bad = []
    for member, (defined, _) in objs.items():
        folder, src = layer_of(member)
        name[member] = src
        if folder not in LAYERS:
            bad.append(f"{src}: in no layer (the layers are {', '.join(LAYERS)})")
            continue
        layer[member] = LAYERS.index(folder)
        for s in defined:
            owner[s] = member
    if not objs:
        bad.append(f"{a.archive}: no objects")

    graph = {m: set() for m in objs}
    why = collections.defaultdict(set)
    for member, (_, used) in objs.items():
        for s in used:
            o = owner.get(s)
            if o is None or o == member:
                continue
            graph[member].add(o)
            why[(member, o)].add(s)
    for (m, o), syms in sorted(why.items()):
        if m in layer and o in layer and layer[o] > layer[m]:
            bad.append(f"{name[m]} ({LAYERS[layer[m]]}) uses {name[o]} "
                       f"({LAYERS[layer[o]]}, a later layer): "
                       + ", ".join(sorted(syms)))
    for comp in circles(graph):
        bad.append("these use each other round a circle: "
                   + ", ".join(name[m] for m in comp))

    if a.graph or bad:
        for m in sorted(graph, key=lambda m: (layer.get(m, -1), name[m])):
            uses = ", ".join(sorted(name[o] for o in graph[m])) or "-"
            print(f"{name[m]:28} uses {uses}")
    if bad:
        print("\nlayer check FAILED:", file=sys.stderr)
        for b in bad:
            print("  " + b, file=sys.stderr)
        return 1
    print(f"{len(objs)} objects in {len(LAYERS)} layers: no upward use, no circle")
    return 0


if __name__ == "__main__":
    sys.exit(main())
