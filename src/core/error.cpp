#include "dsocore/core/error.hpp"

#include <sstream>

DSOCORE_BEGIN_NAMESPACE

const char* errc_name(Errc e) noexcept {
    switch (e) {
    case Errc::ok: return "ok";
    case Errc::invalid_argument: return "invalid_argument";
    case Errc::data: return "data";
    case Errc::io: return "io";
    case Errc::overflow: return "overflow";
    case Errc::currency_mismatch: return "currency_mismatch";
    case Errc::missing_rate: return "missing_rate";
    case Errc::not_found: return "not_found";
    case Errc::permission: return "permission";
    case Errc::internal: return "internal";
    }
    return "unknown";
}

std::string Diagnostic::to_string() const {
    std::ostringstream out;
    out << file;
    if (line > 0) out << ':' << line;
    out << ':';
    if (!column.empty()) out << " column " << column << ':';
    if (!value.empty() || !column.empty()) out << " value '" << value << "':";
    out << ' ' << message;
    return out.str();
}

namespace {
std::string join(const std::vector<Diagnostic>& diags, bool truncated) {
    std::string s;
    for (std::size_t i = 0; i < diags.size(); ++i) {
        if (i) s += '\n';
        s += diags[i].to_string();
    }
    if (truncated) s += "\n(more errors not shown)";
    return s;
}
} // namespace

DataError::DataError(std::vector<Diagnostic> diags, bool truncated)
    : Error(Errc::data, join(diags, truncated)), diags_(std::move(diags)), truncated_(truncated) {}

DSOCORE_END_NAMESPACE
