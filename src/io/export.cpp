// Export of a data directory: canonical CSV text + enriched columns, CSV or XLSX.
#include "dsocore/io/export.hpp"

#include <algorithm>
#include <set>

#include "dsocore/core/error.hpp"
#include "dsocore/io/csv.hpp"
#include "dsocore/io/xlsx.hpp"
#include "dsocore/reports/table.hpp"
#include "dsocore/ledger/fx.hpp"

DSOCORE_BEGIN_NAMESPACE

namespace fs = std::filesystem;

namespace {

const char* const kCsvFiles[] = {"customers.csv", "items.csv", "allocations.csv", "fx.csv", "disputes.csv", "actions.csv"};

bool present(const Ledger& l, std::string_view f) {
    if (f == "customers.csv" || f == "items.csv") return true;
    if (f == "allocations.csv") return l.has_allocations();
    if (f == "fx.csv") return l.fx().present();
    if (f == "disputes.csv") return !l.disputes().columns.empty();
    if (f == "actions.csv") return !l.actions().columns.empty();
    return false;
}

ExportTable parse(const std::string& name, std::string text) {
    ExportTable t;
    t.name = name;
    CsvReader r(std::move(text));
    std::vector<std::string_view> f;
    if (!r.next(f)) return t;
    for (auto x : f) t.header.emplace_back(x);
    while (r.next(f))
        for (auto x : f) t.cells.emplace_back(x);
    return t;
}

/// Appends enriched columns: `fn(row, out)` fills one value per new column.
template <class Fn>
void enrich(ExportTable& t, const std::vector<std::string>& cols, Fn&& fn) {
    const std::size_t w = t.header.size(), n = t.rows(), k = cols.size();
    std::vector<std::string> cells;
    cells.reserve(n * (w + k));
    std::vector<std::string> extra(k);
    for (std::size_t r = 0; r < n; ++r) {
        for (std::size_t c = 0; c < w; ++c) cells.push_back(std::move(t.cells[r * w + c]));
        for (auto& e : extra) e.clear();
        fn(r, extra);
        for (auto& e : extra) cells.push_back(e);
    }
    t.cells = std::move(cells);
    t.header.insert(t.header.end(), cols.begin(), cols.end());
}

} // namespace

void require_export_allowed(const RoleView* view) {
    if (view) view->require(Operation::export_data);
}

void require_export_allowed(Role role, const std::string& user) { RoleView::require(role, user, Operation::export_data); }

std::vector<ExportTable> export_tables(const Ledger& l, const ExportOptions& o) {
    require_export_allowed(o.view);
    std::vector<ExportTable> out;
    const Currency base = l.company().base_currency;
    const Converter conv(l.fx(), base);
    const std::int32_t as_of = (o.as_of ? *o.as_of : l.latest_date()).days();
    const int bmu = base.minor_units();
    auto conv_text = [&](std::int64_t units, Currency from, std::int32_t day) -> std::string {
        try {
            return format_fixed(conv.convert(units, from, day), bmu);
        } catch (const Error&) {
            return std::string(); // no rate on that day: left empty rather than guessed
        }
    };
    auto key = [&](StrId entity, StrId id) { return std::string(l.str(entity)) + ":" + std::string(l.str(id)); };
    for (const char* f : kCsvFiles) {
        if (!present(l, f)) continue;
        std::string name(f);
        name.resize(name.size() - 4);
        ExportTable t = parse(name, l.csv_text(f));
        if (!o.canonical) {
            const std::string bcode = base.code();
            if (name == "customers") {
                const CustomerTable& C = l.customers();
                enrich(t, {"customer_key", "base_currency", "credit_limit_base"}, [&](std::size_t r, std::vector<std::string>& e) {
                    e[0] = key(C.entity[r], C.customer_id[r]);
                    e[1] = bcode;
                    if (C.has_credit_limit[r]) e[2] = conv_text(C.credit_limit[r], C.credit_limit_currency[r], as_of);
                });
            } else if (name == "items") {
                const ItemTable& I = l.items();
                const CustomerTable& C = l.customers();
                enrich(t, {"item_key", "customer_key", "base_currency", "amount_base", "open_amount_base"},
                       [&](std::size_t r, std::vector<std::string>& e) {
                           e[0] = key(I.entity[r], I.item_id[r]);
                           e[1] = key(C.entity[I.customer[r]], C.customer_id[I.customer[r]]);
                           e[2] = bcode;
                           e[3] = conv_text(I.amount[r], I.currency[r], I.issue_date[r]);
                           e[4] = conv_text(I.open_amount[r], I.currency[r], std::max(as_of, I.issue_date[r]));
                       });
            } else if (name == "allocations") {
                const AllocationTable& A = l.allocations();
                const ItemTable& I = l.items();
                enrich(t, {"item_key", "amount_base"}, [&](std::size_t r, std::vector<std::string>& e) {
                    e[0] = key(I.entity[A.item[r]], I.item_id[A.item[r]]);
                    e[1] = conv_text(A.amount[r], I.currency[A.item[r]], A.date[r]);
                });
            } else if (name == "disputes") {
                const DisputeTable& D = l.disputes();
                const CustomerTable& C = l.customers();
                enrich(t, {"dispute_key", "customer_key"}, [&](std::size_t r, std::vector<std::string>& e) {
                    e[0] = key(D.entity[r], D.dispute_id[r]);
                    e[1] = key(C.entity[D.customer[r]], C.customer_id[D.customer[r]]);
                });
            } else if (name == "actions") {
                const ActionTable& T = l.actions();
                const CustomerTable& C = l.customers();
                enrich(t, {"action_key", "customer_key"}, [&](std::size_t r, std::vector<std::string>& e) {
                    e[0] = key(T.entity[r], T.action_id[r]);
                    e[1] = key(C.entity[T.customer[r]], C.customer_id[T.customer[r]]);
                });
            }
        }
        out.push_back(std::move(t));
    }
    return out;
}

void write_tables_xlsx(const std::vector<ExportTable>& tables, const std::string& path) {
    // One XLSX path in dsocore: the tables become typed report Tables for write_xlsx.
    static const std::set<std::string> decimal_cols = {"amount", "open_amount", "credit_limit", "insured_amount",
                                                       "temporary_insured_amount", "amount_base", "open_amount_base",
                                                       "credit_limit_base", "rate"};
    static const std::set<std::string> integer_cols = {"payment_terms_days", "insurance_max_extension_days"};
    static const std::set<std::string> date_cols = {"issue_date", "due_date", "status_date", "promise_date", "date",
                                                    "temporary_insured_from", "temporary_insured_to", "opened_date",
                                                    "closed_date"};
    std::vector<Table> out(tables.size());
    for (std::size_t k = 0; k < tables.size(); ++k) {
        const ExportTable& e = tables[k];
        Table& t = out[k];
        t.report = e.name;
        const std::size_t w = e.header.size(), n = e.rows();
        for (std::size_t c = 0; c < w; ++c) {
            const std::string& name = e.header[c];
            auto value = [&](std::size_t r) -> const std::string& { return e.cells[r * w + c]; };
            if (decimal_cols.count(name)) {
                // Each value keeps its own digits (amounts of several currencies in one column).
                int scale = 0;
                for (std::size_t r = 0; r < n; ++r) {
                    const auto dot = value(r).find('.');
                    if (dot != std::string::npos) scale = std::max(scale, static_cast<int>(value(r).size() - dot - 1));
                }
                const std::size_t col = t.add_column(name, CellType::decimal, scale);
                for (std::size_t r = 0; r < n; ++r) {
                    const std::string& v = value(r);
                    if (v.empty()) {
                        t.push_null(col);
                        continue;
                    }
                    const auto dot = v.find('.');
                    const int digits = dot == std::string::npos ? 0 : static_cast<int>(v.size() - dot - 1);
                    std::int64_t units = 0;
                    if (parse_fixed(v, digits, units) != FixedParse::ok)
                        throw Error(Errc::internal, "export: '" + v + "' in " + name + " is not a canonical decimal");
                    t.push_decimal_at(col, units, digits);
                }
            } else if (integer_cols.count(name)) {
                const std::size_t col = t.add_column(name, CellType::integer);
                for (std::size_t r = 0; r < n; ++r) {
                    std::int64_t v = 0;
                    if (value(r).empty() || parse_fixed(value(r), 0, v) != FixedParse::ok) t.push_null(col);
                    else t.push_int(col, v);
                }
            } else if (date_cols.count(name)) {
                const std::size_t col = t.add_column(name, CellType::date);
                for (std::size_t r = 0; r < n; ++r) {
                    if (auto d = Date::parse(value(r))) t.push_date(col, *d);
                    else t.push_null(col);
                }
            } else {
                const std::size_t col = t.add_column(name, CellType::text);
                for (std::size_t r = 0; r < n; ++r) {
                    if (value(r).empty()) t.push_null(col);
                    else t.push_text(col, value(r));
                }
            }
        }
    }
    std::vector<const Table*> sheets;
    for (const auto& t : out) sheets.push_back(&t);
    write_xlsx_sheets(sheets, path);
}

void export_data(const Ledger& l, const fs::path& output, const ExportOptions& o) {
    require_export_allowed(o.view);
    if (o.format == "csv") {
        if (o.canonical) {
            l.save(output);
            return;
        }
        std::error_code ec;
        fs::create_directories(output, ec);
        if (ec) throw Error(Errc::io, output.string() + ": cannot create directory: " + ec.message());
        for (const auto& t : export_tables(l, o)) {
            std::string text;
            const std::size_t w = t.header.size();
            for (std::size_t c = 0; c < w; ++c) {
                if (c) text.push_back(',');
                csv_append_field(text, t.header[c]);
            }
            text.push_back('\n');
            for (std::size_t r = 0; r < t.rows(); ++r) {
                for (std::size_t c = 0; c < w; ++c) {
                    if (c) text.push_back(',');
                    csv_append_field(text, t.cells[r * w + c]);
                }
                text.push_back('\n');
            }
            write_file_atomic((output / (t.name + ".csv")).string(), text);
        }
        return;
    }
    if (o.format == "xlsx") {
        write_tables_xlsx(export_tables(l, o), output.string());
        return;
    }
    throw Error(Errc::invalid_argument, "export format '" + o.format + "': expected csv or xlsx");
}

void export_report(const Table& t, const fs::path& output, std::string_view format, const RoleView* view) {
    require_export_allowed(view);
    if (format == "csv" || format == "json") {
        write_file_atomic(output.string(), format == "csv" ? to_csv(t) : to_json(t));
        return;
    }
    if (format == "xlsx") {
        write_xlsx(t, output.string());
        return;
    }
    throw Error(Errc::invalid_argument, "report export format '" + std::string(format) + "': expected csv, json or xlsx");
}

DSOCORE_END_NAMESPACE
