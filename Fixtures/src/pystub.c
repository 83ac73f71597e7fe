/* A stub with SONAME libpython3.11.so.1.0: only there to be linked as DT_NEEDED. */
int wheelfs_fake_libpython_stub(void) { return 0; }
