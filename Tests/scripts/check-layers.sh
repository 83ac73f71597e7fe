#!/usr/bin/env bash
# Asserts the layering rules of Package.swift by reading the sources:
#   - only FUSEBridge imports CFuse3; only the CLI imports ArgumentParser;
#   - lower layers never import higher ones;
#   - `unsafe` code appears only in the boundary files listed below.
set -euo pipefail
cd "$(dirname "$0")/../.."
fail=0
bad() { echo "layering: $*" >&2; fail=1; }

allowed_imports() {
  case "$1" in
    BinaryKit) echo "" ;;
    ELFKit) echo "BinaryKit" ;;
    ELFPatchKit) echo "BinaryKit ELFKit" ;;
    WheelKit) echo "BinaryKit CZlib CLibdeflate Crypto" ;;
    PolicyKit) echo "" ;;
    AuditKit) echo "BinaryKit ELFKit WheelKit PolicyKit" ;;
    RepairKit) echo "BinaryKit AuditKit ELFKit ELFPatchKit WheelKit PolicyKit Crypto" ;;
    MountKit) echo "BinaryKit WheelKit AuditKit RepairKit PolicyKit ELFKit Logging" ;;
    FUSEBridge) echo "MountKit CFuse3 Logging WheelKit AuditKit" ;;
    *) echo "*" ;;
  esac
}
ours="BinaryKit ELFKit ELFPatchKit WheelKit PolicyKit AuditKit RepairKit MountKit FUSEBridge CZlib CLibdeflate CFuse3 Crypto Logging ArgumentParser"

for dir in Sources/*/; do
  target=$(basename "$dir")
  allowed=$(allowed_imports "$target")
  [ "$allowed" = "*" ] && continue
  while IFS= read -r line; do
    mod=$(sed -E 's/^[[:space:]]*(@[a-zA-Z_]+([(][^)]*[)])?[[:space:]]+)*(public |package |internal )?import[[:space:]]+([A-Za-z0-9_]+).*/\4/' <<<"$line")
    case " $ours " in *" $mod "*) ;; *) continue ;; esac
    case " $allowed " in *" $mod "*) ;; *) bad "$target imports $mod" ;; esac
  done < <(grep -hE '^[[:space:]]*(@[a-zA-Z_]+([(][^)]*[)])?[[:space:]]+)*(public |package |internal )?import ' -r "$dir" || true)
done

# Files allowed to contain unsafe code (file reads, the atomic rename, zlib/libdeflate, FUSE
# callbacks and the mount lifecycle). Everything else must compile without `unsafe`.
unsafe_ok='^Sources/(BinaryKit/ByteSource\.swift|BinaryKit/FileOutput\.swift|WheelKit/Zip/Zlib\.swift|FUSEBridge/.*)$'
while IFS= read -r f; do
  [[ "$f" =~ $unsafe_ok ]] || bad "$f uses unsafe code; move it behind a boundary file"
done < <(grep -rlE '\bunsafe\b|Unsafe(Mutable)?(Raw)?(Buffer)?Pointer|unsafeBitCast' Sources --include=*.swift || true)

[ $fail = 0 ] && echo "layering: ok"
exit $fail
