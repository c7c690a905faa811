#include "dsocore/reports/table.hpp"

#include "dsocore/core/decimal.hpp"
#include "dsocore/core/error.hpp"
#include "dsocore/io/csv.hpp"

DSOCORE_BEGIN_NAMESPACE

const char* to_string(CellType t) noexcept {
    switch (t) {
    case CellType::text: return "text";
    case CellType::integer: return "integer";
    case CellType::decimal: return "decimal";
    case CellType::date: return "date";
    case CellType::boolean: return "boolean";
    }
    return "";
}

std::size_t Table::add_column(std::string name, CellType type, int scale) {
    Column c;
    c.name = std::move(name);
    c.type = type;
    c.scale = scale;
    columns.push_back(std::move(c));
    return columns.size() - 1;
}

std::size_t Table::column_index(std::string_view name) const {
    for (std::size_t i = 0; i < columns.size(); ++i)
        if (columns[i].name == name) return i;
    throw Error(Errc::not_found, "no column '" + std::string(name) + "' in report " + report);
}

void Table::reserve(std::size_t rows) {
    for (Column& c : columns) {
        if (c.type == CellType::text) c.texts.reserve(rows);
        else c.ints.reserve(rows);
        c.nulls.reserve(rows);
    }
}

void Table::push_text(std::size_t col, std::string_view v) {
    Column& c = columns[col];
    c.texts.emplace_back(v);
    c.nulls.push_back(0);
}
void Table::push_int(std::size_t col, std::int64_t v) {
    Column& c = columns[col];
    c.ints.push_back(v);
    c.nulls.push_back(0);
}
void Table::push_decimal(std::size_t col, std::int64_t units) { push_int(col, units); }
void Table::push_decimal_at(std::size_t col, std::int64_t units, int digits) {
    Column& c = columns[col];
    if (digits < 0 || digits > c.scale)
        throw Error(Errc::internal, "column " + c.name + ": " + std::to_string(digits) + " digits exceed its scale");
    // Rows pushed before without a digit count print the column's scale.
    c.row_scale.resize(c.nulls.size(), static_cast<std::int8_t>(c.scale));
    std::int64_t v = 0;
    if (__builtin_mul_overflow(units, pow10_i64(c.scale - digits), &v))
        throw Error(Errc::overflow, "column " + c.name + ": figure does not fit 64 bits");
    c.ints.push_back(v);
    c.nulls.push_back(0);
    c.row_scale.push_back(static_cast<std::int8_t>(digits));
}
void Table::push_date(std::size_t col, Date d) { push_int(col, d.days()); }
void Table::push_bool(std::size_t col, bool v) { push_int(col, v ? 1 : 0); }
void Table::push_null(std::size_t col) {
    Column& c = columns[col];
    if (c.type == CellType::text) c.texts.emplace_back();
    else c.ints.push_back(0);
    c.nulls.push_back(1);
}

void Table::append_cell(std::string& out, std::size_t col, std::size_t row) const {
    const Column& c = columns[col];
    if (c.nulls[row]) return;
    switch (c.type) {
    case CellType::text: out += c.texts[row]; break;
    case CellType::integer: out += std::to_string(c.ints[row]); break;
    case CellType::decimal:
        if (row < c.row_scale.size() && c.row_scale[row] < c.scale)
            append_fixed(out, c.ints[row] / pow10_i64(c.scale - c.row_scale[row]), c.row_scale[row]);
        else
            append_fixed(out, c.ints[row], c.scale);
        break;
    case CellType::date: Date::from_days(static_cast<std::int32_t>(c.ints[row])).append_to(out); break;
    case CellType::boolean: out += c.ints[row] ? "true" : "false"; break;
    }
}

std::string Table::cell_text(std::size_t col, std::size_t row) const {
    std::string s;
    append_cell(s, col, row);
    return s;
}

namespace {
/// A text cell a spreadsheet would evaluate as a formula (=, +, -, @, or a leading
/// tab/CR that some programs strip before evaluating): prefixed with a single quote,
/// which spreadsheets read as "this is text" (OWASP CSV injection advice).
void append_text_cell(std::string& out, std::string_view v) {
    if (!v.empty() && (v[0] == '=' || v[0] == '+' || v[0] == '-' || v[0] == '@' || v[0] == '\t' || v[0] == '\r')) {
        std::string safe;
        safe.reserve(v.size() + 1);
        safe.push_back('\'');
        safe.append(v);
        csv_append_field(out, safe);
        return;
    }
    csv_append_field(out, v);
}
} // namespace

std::string to_csv(const Table& t) {
    std::string out;
    for (std::size_t c = 0; c < t.columns.size(); ++c) {
        if (c) out.push_back(',');
        csv_append_field(out, t.columns[c].name);
    }
    out.push_back('\n');
    std::string cell;
    for (std::size_t r = 0; r < t.rows(); ++r) {
        for (std::size_t c = 0; c < t.columns.size(); ++c) {
            if (c) out.push_back(',');
            if (t.columns[c].type == CellType::text) {
                if (!t.columns[c].nulls[r]) append_text_cell(out, t.columns[c].texts[r]);
            } else {
                t.append_cell(out, c, r);
            }
        }
        out.push_back('\n');
    }
    return out;
}

namespace {
void json_string(std::string& out, std::string_view s) {
    out.push_back('"');
    for (const char c : s) {
        const auto ch = static_cast<unsigned char>(c);
        switch (ch) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default:
            if (ch < 0x20) {
                static const char* hex = "0123456789abcdef";
                out += "\\u00";
                out.push_back(hex[ch >> 4]);
                out.push_back(hex[ch & 15]);
            } else {
                out.push_back(c);
            }
        }
    }
    out.push_back('"');
}
} // namespace

std::string to_json(const Table& t) {
    std::string out = "{\"report\": ";
    json_string(out, t.report);
    out += ", \"as_of\": ";
    json_string(out, t.as_of.to_string());
    out += ", \"base_currency\": ";
    json_string(out, t.base_currency);
    out += ", \"rows\": [";
    for (std::size_t r = 0; r < t.rows(); ++r) {
        out += r ? ",\n  {" : "\n  {";
        for (std::size_t c = 0; c < t.columns.size(); ++c) {
            const Column& col = t.columns[c];
            if (c) out += ", ";
            json_string(out, col.name);
            out += ": ";
            if (col.nulls[r]) {
                out += "null";
            } else if (col.type == CellType::integer || col.type == CellType::boolean) {
                t.append_cell(out, c, r);
            } else {
                json_string(out, t.cell_text(c, r));
            }
        }
        out += "}";
    }
    out += t.rows() ? "\n]}\n" : "]}\n";
    return out;
}

DSOCORE_END_NAMESPACE
