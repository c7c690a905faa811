// dsocore C ABI — handles and the one exception guard every entry point goes through.
#pragma once

#include <new>
#include <string_view>
#include <string>

#include "dsocore/core/error.hpp"
#include "dsocore/dsocore.h"
#include "dsocore/ledger/ledger.hpp"
#include "dsocore/reports/table.hpp"

struct dso_context {
    int code = DSO_OK;
    std::string message;
};

struct dso_ledger {
    explicit dso_ledger(dsocore::Ledger&& l, bool with_templates = false)
        : ledger(std::move(l)), templates(with_templates) {}
    dsocore::Ledger ledger;
    bool templates; ///< loaded with its message templates (dso_render needs them)
};


struct dso_table {
    explicit dso_table(dsocore::Table&& t) : table(std::move(t)), as_of(table.as_of.to_string()) {}
    dsocore::Table table;
    std::string as_of; ///< cached printed as-of for dso_table_as_of
};

namespace dsocore::capi {

/// Bad argument detected at the boundary (NULL pointer, index out of range …).
struct BadArgument {
    std::string message;
};

/// Message slot for calls made without a context.
inline thread_local dso_context tls_context;

inline int record(dso_context* ctx, int code, const char* message) noexcept {
    dso_context& c = ctx ? *ctx : tls_context;
    c.code = code;
    try {
        c.message = message;
    } catch (...) {
        c.message.clear(); // out of memory while copying the message: keep the code
    }
    return code;
}

/// Runs f() and maps every exception to a status code and message; nothing escapes.
/// `ctx_required` is false for the few calls that take no context.
template <class F>
int guard(dso_context* ctx, const char* fn, F&& f) noexcept {
    try {
        f();
        if (ctx) {
            ctx->code = DSO_OK;
            ctx->message.clear();
        }
        return DSO_OK;
    } catch (const BadArgument& e) {
        return record(ctx, DSO_EINVALID_ARGUMENT, (std::string(fn) + ": " + e.message).c_str());
    } catch (const Error& e) {
        return record(ctx, static_cast<int>(e.code()), e.what());
    } catch (const std::bad_alloc&) {
        return record(ctx, DSO_EINTERNAL, "out of memory");
    } catch (const std::exception& e) {
        return record(ctx, DSO_EINTERNAL, (std::string(fn) + ": internal error: " + e.what()).c_str());
    } catch (...) {
        return record(ctx, DSO_EINTERNAL, "internal error: unknown exception");
    }
}

/// A context is required: NULL gives DSO_EINVALID_ARGUMENT in the thread-local slot.
template <class F>
int guard_ctx(dso_context* ctx, const char* fn, F&& f) noexcept {
    if (!ctx) return record(nullptr, DSO_EINVALID_ARGUMENT, (std::string(fn) + ": context is NULL").c_str());
    return guard(ctx, fn, std::forward<F>(f));
}

template <class T>
T* non_null(T* p, const char* what) {
    if (!p) throw BadArgument{std::string(what) + " is NULL"};
    return p;
}

// --- helpers shared by the translation units of the C ABI -----------------------------
// (The C ABI is split in several .cpp files: dsocore/io/import.hpp and the report
// headers declare two different enums named FieldType and cannot meet in one TU.)

/// The version field of an options struct: 1..current, else a usage error naming the INIT macro.
inline void check_version(unsigned int version, unsigned int current, const char* what) {
    if (version == 0 || version > current)
        throw BadArgument{std::string(what) + "->version " + std::to_string(version) + " unknown (this library knows 1.." +
                          std::to_string(current) + "); initialise it with its *_INIT macro"};
}

inline std::string str_or(const char* s, const char* fallback = "") { return s ? s : fallback; }

/// A date argument "YYYY-MM-DD"; `what` names it in the message.
inline Date parse_date_arg(const char* text, const char* what) {
    const auto d = Date::parse(non_null(text, what));
    if (!d) throw Error(Errc::invalid_argument, std::string(what) + " '" + text + "': expected a date YYYY-MM-DD");
    return *d;
}

/// Copies s into a caller's dso_buffer (freeing what it held).
void fill_buffer(dso_buffer* buf, std::string_view s);

} // namespace dsocore::capi
