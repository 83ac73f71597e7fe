/* libversioned.so: two version nodes (versioned.map), one symbol per version.
 *   vers_value@VERS_1.0   the old, non-default version (returns 1)
 *   vers_value@@VERS_2.0  the default version new links bind to (returns 2)
 *   vers_legacy@@VERS_1.0 only in the old node (returns 10) */
__asm__(".symver vers_value_v1, vers_value@VERS_1.0");
__asm__(".symver vers_value_v2, vers_value@@VERS_2.0");

int vers_value_v1(void) { return 1; }
int vers_value_v2(void) { return 2; }
int vers_legacy(void) { return 10; }
