#ifndef EDDY_CZLIB_SHIM_H
#define EDDY_CZLIB_SHIM_H
// zlib's inflateInit2 is a macro that Swift cannot call: a function stands in for it.
#include <zlib.h>

// Inflates gzip or zlib streams alike (15 window bits, +32: detect the header).
static inline int eddy_inflate_init(z_stream *stream) { return inflateInit2(stream, 15 + 32); }
#endif
