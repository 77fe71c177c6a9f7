#ifndef EDDY_CREADLINE_SHIM_H
#define EDDY_CREADLINE_SHIM_H
// readline.h needs FILE from stdio.h first. Swift 6 strict concurrency rejects direct access
// to C globals, so the few that Eddy needs get small inline accessors here.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <readline/readline.h>
#include <readline/history.h>
#include <sys/ioctl.h>
#include <signal.h>

typedef char *(*eddy_completion_generator)(const char *, int);

static inline void eddy_rl_set_name(const char *name) { rl_readline_name = strdup(name); }
static inline void eddy_rl_set_completion_append_character(int c) { rl_completion_append_character = c; }
static inline void eddy_rl_set_attempted_completion_over(int v) { rl_attempted_completion_over = v; }
static inline const char *eddy_rl_line_buffer(void) { return rl_line_buffer; }
static inline int eddy_rl_point(void) { return rl_point; }
static inline void eddy_rl_set_completer(rl_completion_func_t *f) { rl_attempted_completion_function = f; }
static inline void eddy_rl_set_word_break_characters(const char *s) { rl_completer_word_break_characters = strdup(s); }
static inline char **eddy_rl_completion_matches(const char *text, eddy_completion_generator g) {
    return rl_completion_matches(text, g);
}
static inline void eddy_rl_disable_bracketed_paste(void) { rl_variable_bind("enable-bracketed-paste", "off"); }
static inline void eddy_rl_set_catch_signals(int v) { rl_catch_signals = v; }
static inline void eddy_rl_set_done(int v) { rl_done = v; }
static inline void eddy_rl_cleanup_after_signal(void) { rl_free_line_state(); rl_cleanup_after_signal(); }
static inline int eddy_history_length(void) { return history_length; }
static inline void eddy_rl_set_catch_sigwinch(int v) { rl_catch_sigwinch = v; }
// The size of the terminal on `fd` (ioctl is variadic, so Swift cannot call it); 0 when it fails.
static inline int eddy_terminal_size(int fd, int *rows, int *cols) {
    struct winsize ws;
    if (ioctl(fd, TIOCGWINSZ, &ws) != 0) return 0;
    *rows = ws.ws_row;
    *cols = ws.ws_col;
    return 1;
}
// Reads and writes of a flag set by a signal handler, through a volatile pointer.
static inline int eddy_load_signal_flag(volatile sig_atomic_t *flag) { return *flag; }
static inline void eddy_store_signal_flag(volatile sig_atomic_t *flag, int v) { *flag = v; }
#endif
