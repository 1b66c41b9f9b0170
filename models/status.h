/* status.h: status codes with one meaning in every layer above the engine,
 * and the process's exit code as they are: success, a failure while running
 * (a broken invariant, out of memory, an unwritable file), bad input or usage,
 * and an interruption by a signal. */
#ifndef CZ_STATUS_H
#define CZ_STATUS_H

enum cz_status {
    CZ_OK = 0,
    CZ_FAILED = 1,
    CZ_BAD_INPUT = 2,
    CZ_INTERRUPTED = 130
};

#endif
