/* error.c - status texts and the caller-supplied error struct. */
#include <stdio.h>

#include "internal.h"

const char *yjpi_strerror(int code)
{
    switch (code) {
    case YJPI_OK: return "no error";
    case YJPI_E_NOMEM: return "out of memory";
    case YJPI_E_ARGUMENT: return "invalid argument";
    case YJPI_E_IO: return "input/output error";
    case YJPI_E_STATE: return "handle in the wrong state for this call";
    case YJPI_E_NUMERIC: return "numerical routine failed";
    case YJPI_E_NOT_FOUND: return "not found";
    case YJPI_E_LIMIT: return "internal limit exceeded";
    case YJPI_E_VERSION: return "version or struct size mismatch";
    case YJPI_E_EMPTY_FILE: return "empty file";
    case YJPI_E_MISSING_COLUMN: return "missing required column";
    case YJPI_E_DUPLICATE_COLUMN: return "duplicate column";
    case YJPI_E_RAGGED_ROW: return "wrong number of fields";
    case YJPI_E_QUOTE: return "unterminated or misplaced quote";
    case YJPI_E_ENCODING: return "invalid UTF-8";
    case YJPI_E_NUL_BYTE: return "NUL byte in input";
    case YJPI_E_TOO_LONG: return "field or line too long";
    case YJPI_E_EMPTY_FIELD: return "empty required field";
    case YJPI_E_BAD_DATE: return "invalid date";
    case YJPI_E_UNKNOWN_OUTCOME: return "unknown outcome code";
    case YJPI_E_OUTCOME_BEFORE_OFFENCE: return "outcome date before offence date";
    case YJPI_E_RELEASE_BEFORE_OUTCOME: return "release date before outcome date";
    case YJPI_E_BIRTH_AFTER_OFFENCE: return "birth date after offence date";
    case YJPI_E_BAD_VALUE: return "invalid value";
    case YJPI_E_YAML: return "YAML syntax error";
    case YJPI_E_UNKNOWN_KEY: return "unknown key";
    case YJPI_E_DUPLICATE_KEY: return "duplicate key";
    case YJPI_E_ALIAS: return "anchors and aliases are not allowed";
    case YJPI_E_TAG: return "tags are not allowed";
    case YJPI_E_TYPE: return "value of the wrong type";
    case YJPI_E_NESTING: return "nested too deeply";
    case YJPI_E_MISSING_KEY: return "missing key";
    case YJPI_E_PERIOD: return "malformed period";
    case YJPI_E_RANGE: return "period starts after the data's as_of date";
    default: return "unknown error";
    }
}

void yjpi__error_clear(yjpi_error *err)
{
    if (!err)
        return;
    err->code = YJPI_OK;
    err->line = 0;
    err->column = 0;
    err->source[0] = '\0';
    err->message[0] = '\0';
}

int yjpi__error_setv(yjpi_error *err, int code, const char *source,
                     uint64_t line, uint64_t column, const char *fmt, va_list ap)
{
    if (!err)
        return code;
    err->code = code;
    err->line = line;
    err->column = column;
    snprintf(err->source, sizeof err->source, "%s", source ? source : "");
    int n = 0;
    size_t cap = sizeof err->message;
    if (source && line && column)
        n = snprintf(err->message, cap, "%s:%llu:%llu: ", source,
                     (unsigned long long)line, (unsigned long long)column);
    else if (source && line)
        n = snprintf(err->message, cap, "%s:%llu: ", source, (unsigned long long)line);
    else if (source)
        n = snprintf(err->message, cap, "%s: ", source);
    if (n < 0)
        n = 0;
    if ((size_t)n >= cap)
        n = (int)cap - 1;
    vsnprintf(err->message + n, cap - (size_t)n, fmt, ap);
    return code;
}

int yjpi__error_set(yjpi_error *err, int code, const char *source,
                    uint64_t line, uint64_t column, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    yjpi__error_setv(err, code, source, line, column, fmt, ap);
    va_end(ap);
    return code;
}

char *yjpi__quote_value(char *buf, size_t size, const char *value, size_t len)
{
    static const char hex[] = "0123456789abcdef";
    size_t o = 0;
    const size_t limit = 60;
    if (size == 0)
        return buf;
    for (size_t i = 0; i < len && i < limit; i++) {
        unsigned char c = (unsigned char)value[i];
        char tmp[4];
        size_t k = 0;
        if (c == '"' || c == '\\') {
            tmp[k++] = '\\';
            tmp[k++] = (char)c;
        } else if (c < 0x20 || c == 0x7f) {
            tmp[k++] = '\\';
            tmp[k++] = 'x';
            tmp[k++] = hex[c >> 4];
            tmp[k++] = hex[c & 15];
        } else {
            tmp[k++] = (char)c;
        }
        if (o + k + 4 >= size)
            break;
        memcpy(buf + o, tmp, k);
        o += k;
    }
    if (len > limit && o + 4 < size) {
        memcpy(buf + o, "...", 3);
        o += 3;
    }
    buf[o] = '\0';
    return buf;
}
