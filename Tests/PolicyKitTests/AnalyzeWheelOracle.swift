/// A harness that feeds literal wheel facts to auditwheel 6.8.2's own `analyze_wheel_abi`.
///
/// Only the file-reading steps are replaced: `get_wheel_elfdata` is rebuilt from the facts
/// (same steps as upstream: version needs, extension classification, per-ELF
/// `lddtree_external_references`, roots), `get_versioned_symbols` and `get_undefined_symbols`
/// answer from the facts, and `lddtree` objects are real `DynamicExecutable`/`DynamicLibrary`
/// values. Everything else — reference/blacklist/graft/machine/symbol policies — is
/// auditwheel's code.
enum AnalyzeWheelOracle {
  static let script = """
    import json, sys, logging
    from collections import defaultdict
    from pathlib import Path
    logging.disable(logging.CRITICAL)
    import auditwheel.wheel_abi as wa
    import auditwheel.elfutils as eu
    from auditwheel.policy import WheelPolicies
    from auditwheel.libc import Libc
    from auditwheel.architecture import Architecture
    from auditwheel.lddtree import DynamicExecutable, DynamicLibrary, Platform

    WHEEL = Path("/wheelroot")

    def platform(arch, ext):
        return Platform("ELFOSABI_SYSV", 64, True, "EM_X86_64", Architecture(arch),
                        Architecture(ext) if ext else None, None)

    def loader(key):
        return key.startswith("ld-linux") or key in ["ld64.so.2", "ld64.so.1"]

    def refs_json(refs):
        return {name: {"libs": sorted([k, None if v is None else str(v)] for k, v in ref.libs.items()),
                       "blacklist": {k: sorted(v) for k, v in ref.blacklist.items()}}
                for name, ref in refs.items()}

    out = []
    for case in json.load(open(sys.argv[1])):
        arch = case["arch"]
        libc = Libc.GLIBC if case["libc"] == "glibc" else Libc.MUSL
        policies = WheelPolicies(libc=libc, arch=Architecture(arch))
        undefined = {}
        eu.get_undefined_symbols = lambda path, undefined=undefined: undefined[str(path)]
        needs_by_path = {}
        full, nonpy, full_refs = {}, {}, {}
        versioned = defaultdict(set)
        ucs2 = pyfpe = False
        for elf in case["elves"]:
            libs = {}
            for node in elf["libraries"]:
                real = node["realpath"]
                libs[node["soname"]] = DynamicLibrary(
                    node["soname"], real, None if real is None else Path(real),
                    None if real is None else platform(arch, node["ext"]), tuple(node["needed"]))
                if real is not None:
                    needs_by_path[real] = node["versions"]
            realpath = WHEEL / elf["path"]
            undefined[str(realpath)] = set(elf["undefined"])
            tree = DynamicExecutable(None, libc, str(realpath), realpath, platform(arch, elf["ext"]),
                                     tuple(elf["needed"]), (), (), libs)
            for key, values in elf["versions"].items():
                if not loader(key):
                    for v in values:
                        versioned[key].add(v)
            fn = Path(elf["path"])
            if elf["kind"]:
                full[fn] = tree
                pyfpe |= elf["pyfpe"]
                if elf["kind"] == 2:
                    ucs2 |= elf["ucs2"]
                full_refs[fn] = policies.lddtree_external_references(tree, WHEEL)
            else:
                nonpy[fn] = tree
        needed_libs = {lib for t in list(full.values()) + list(nonpy.values()) for lib in t.needed}
        for fn, tree in nonpy.items():
            if fn.name not in needed_libs:
                full[fn] = tree
            full_refs[fn] = policies.lddtree_external_references(tree, WHEEL)
        data = wa.WheelElfData(policies, full, full_refs, versioned, ucs2, pyfpe)

        wa.get_wheel_elfdata = lambda *args, **kwargs: data
        def versioned_symbols(libs):
            result = {}
            for path, soname in libs.items():
                needs = defaultdict(set)
                for key, values in needs_by_path[str(path)].items():
                    if not loader(key):
                        needs[key].update(values)
                result[soname] = needs
            return result
        wa.get_versioned_symbols = versioned_symbols

        info = wa.analyze_wheel_abi(
            libc, Architecture(arch), Path("x.whl"), frozenset(),
            disable_isa_ext_check=case["disable_isa"], allow_graft=case["allow_graft"],
            requested_policy_base_name=case["requested"])
        out.append({
            "overall": info.overall_policy.name, "sym": info.sym_policy.name,
            "ucs": info.ucs_policy.name, "pyfpe": info.pyfpe_policy.name,
            "blacklist": info.blacklist_policy.name, "machine": info.machine_policy.name,
            "ref": info.ref_policy.name, "graft": info.graft_policy.name,
            "versioned": {k: sorted(v) for k, v in info.versioned_symbols.items() if v},
            "external_refs": refs_json(info.external_refs),
            "full_refs": {str(fn): refs_json(refs) for fn, refs in info.full_external_refs.items()},
        })
    print(json.dumps(out))
    """
}
