#!/usr/bin/env python3
"""Fails when the port's C files call each other in a cycle.

The graph is read from the objects, not the sources: for each .o, nm says
which symbols it defines and which it needs; file A depends on file B when
A needs a symbol B defines. Symbols no object defines (libc, libpcap,
libseccomp, the compiler's runtime) are outside the graph. A cycle is
printed file by file, and the exit status is 1.

Usage: callgraph.py [--layers] OBJECT.o...  (make check passes the
port's objects); --layers also prints the files layer by layer, each
calling only files of the layers before it.
       callgraph.py --self-test  (make check runs it first): compiles three
small files that call each other in a loop, and checks that the loop is
found, and that it is not once one call is taken out.
"""
import os
import subprocess
import sys
import tempfile


def symbols(obj):
    """(defined, undefined) global symbol names of one object."""
    out = subprocess.run(["nm", "-P", "-g", obj], check=True,
                         capture_output=True, text=True).stdout
    defined, undefined = set(), set()
    for line in out.splitlines():
        fields = line.split()
        if len(fields) < 2:
            continue
        name, kind = fields[0], fields[1]
        if kind == "U":
            undefined.add(name)
        elif kind not in ("w", "v"):
            defined.add(name)
    return defined, undefined


def graph(objs):
    """{file: {file it calls or reads from}} over the given objects."""
    owner, needs = {}, {}
    for obj in objs:
        name = os.path.splitext(os.path.basename(obj))[0] + ".c"
        defined, undefined = symbols(obj)
        for sym in defined:
            if sym in owner:
                sys.exit(f"callgraph: {sym} is defined in {owner[sym]} "
                         f"and {name}")
            owner[sym] = name
        needs[name] = undefined
    return {f: {owner[s] for s in syms if s in owner and owner[s] != f}
            for f, syms in needs.items()}


def find_cycle(deps):
    """One cycle as a list of files (first == last), or None."""
    state = {}  # absent: unseen; 1: on the current path; 2: done
    path = []

    def visit(f):
        state[f] = 1
        path.append(f)
        for g in sorted(deps[f]):
            if state.get(g) == 1:
                return path[path.index(g):] + [g]
            if g not in state:
                found = visit(g)
                if found:
                    return found
        path.pop()
        state[f] = 2
        return None

    for f in sorted(deps):
        if f not in state:
            found = visit(f)
            if found:
                return found
    return None


def layers(deps):
    """The files of an acyclic graph, layer by layer from the bottom."""
    placed, out = set(), []
    while len(placed) < len(deps):
        layer = sorted(f for f in deps
                       if f not in placed and deps[f] <= placed)
        out.append(layer)
        placed.update(layer)
    return out


def self_test():
    loop = {"a.c": "void b(void); void a(void) { b(); }",
            "b.c": "void c(void); void b(void) { c(); }",
            "c.c": "void a(void); void c(void) { a(); }"}
    with tempfile.TemporaryDirectory() as tmp:
        def objects(sources):
            objs = []
            for name, text in sources.items():
                src = os.path.join(tmp, name)
                with open(src, "w") as f:
                    f.write(text + "\n")
                obj = src[:-2] + ".o"
                subprocess.run([os.environ.get("CC", "cc"), "-c", "-o", obj,
                                src], check=True)
                objs.append(obj)
            return objs

        found = find_cycle(graph(objects(loop)))
        if found != ["a.c", "b.c", "c.c", "a.c"]:
            print(f"FAIL callgraph self-test: the loop a->b->c->a gave {found}")
            return 1
        loop["c.c"] = "void c(void) { }"
        found = find_cycle(graph(objects(loop)))
        if found is not None:
            print(f"FAIL callgraph self-test: a cycle {found} in a->b->c")
            return 1
    print("ok   callgraph self-test: a loop of three files is found")
    return 0


def main():
    args = sys.argv[1:]
    if args == ["--self-test"]:
        return self_test()
    show_layers = "--layers" in args
    objs = [a for a in args if a != "--layers"]
    if not objs:
        sys.exit(__doc__)
    deps = graph(objs)
    cycle = find_cycle(deps)
    if cycle:
        print("FAIL call cycle between C files: " + " -> ".join(cycle))
        return 1
    print(f"ok   no call cycle between the {len(deps)} C files")
    if show_layers:
        for i, layer in enumerate(layers(deps)):
            print(f"{i}: " + " ".join(layer))
    return 0


if __name__ == "__main__":
    sys.exit(main())
