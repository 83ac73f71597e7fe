/* rpath / runpath wheels: libinner.so.1 ships in the wheel (found via $ORIGIN/lib),
 * libouter.so.1 stays outside. value() == 20 + 300 == 320. */
#include "fixture.h"

int inner_value(void);
int outer_value(void);

long fixture_value(void) { return inner_value() + outer_value(); }
