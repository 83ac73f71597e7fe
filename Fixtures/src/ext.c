/* A real CPython extension module named MODNAME (set with -DMODNAME=...). It exposes one
 * function, value(), returning fixture_value() from the val_*.c file linked beside it.
 * It is built against the running Python's headers and never links libpython. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include "fixture.h"

#ifndef MODNAME
#error "define MODNAME"
#endif
#define CAT_(a, b) a##b
#define CAT(a, b) CAT_(a, b)
#define STR_(a) #a
#define STR(a) STR_(a)

static PyObject *value(PyObject *self, PyObject *unused) {
    (void)self;
    (void)unused;
    return PyLong_FromLong(fixture_value());
}

static PyMethodDef methods[] = {
    {"value", value, METH_NOARGS, "Return the fixture's known value."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef moddef = {
    PyModuleDef_HEAD_INIT, STR(MODNAME), "wheelfs test fixture", -1, methods,
    NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC CAT(PyInit_, MODNAME)(void) { return PyModule_Create(&moddef); }
