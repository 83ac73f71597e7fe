/* shared wheel, module _two: needs the same libshared.so.1. value() == 1002. */
#include "fixture.h"

int shared_value(void);

long fixture_value(void) { return shared_value() + 2; }
