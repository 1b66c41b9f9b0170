/* sweep.h: a grid of policies — one axis per --vary PATH=V1,V2,... — each
 * point a scenario loaded with every axis's value applied, replicated on the
 * same seeds (common random numbers across points).
 *
 * Values are separated by commas outside brackets, braces and quotes; a value
 * A..B of two whole numbers expands to every whole number from A to B.  The
 * first axis varies slowest: point p has, on axis a, the value
 * (p / (n_{a+1} * ... * n_last)) mod n_a.
 * Bounded: at most EX_MAX_AXES axes, EX_MAX_VALUES values per axis,
 * EX_MAX_POINTS points (checked without overflow).
 * Ownership: an axis owns its strings (ex_axis_fini frees them). */
#ifndef EX_SWEEP_H
#define EX_SWEEP_H

#include <stdbool.h>
#include <stddef.h>

#define EX_MAX_AXES 8
#define EX_MAX_VALUES 1000
#define EX_MAX_POINTS 10000

typedef struct ex_axis {
    char path[256];
    char **values;
    int n;
} ex_axis_t;

/* Parse "PATH=V1,V2,..."; false with the reason in err. */
bool ex_axis_parse(ex_axis_t *ax, const char *spec, char *err, size_t errlen);
void ex_axis_fini(ex_axis_t *ax);

/* The number of points of the grid, or -1 (with the reason) past EX_MAX_POINTS. */
long ex_grid_points(const ex_axis_t *ax, int nax, char *err, size_t errlen);
/* The value index on each axis of point p. */
void ex_grid_point(const ex_axis_t *ax, int nax, long p, int *index);

#endif
