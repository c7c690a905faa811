// Export of a data directory: canonical CSV text + enriched columns, CSV or XLSX.
#include "dsocore/io/export.hpp"

#include <xlsxwriter.h>

#include <charconv>
#include <set>

#include "dsocore/core/error.hpp"
#include "dsocore/io/csv.hpp"
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

std::vector<ExportTable> export_tables(const Ledger& l, const ExportOptions& o) {
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
    lxw_workbook* wb = workbook_new(path.c_str());
    if (!wb) throw Error(Errc::io, path + ": cannot create the workbook");
    lxw_format* bold = workbook_add_format(wb);
    format_set_bold(bold);
    lxw_format* date_fmt = workbook_add_format(wb);
    format_set_num_format(date_fmt, "yyyy-mm-dd");
    std::vector<lxw_format*> num_fmt;
    for (const char* f : {"0", "0.0", "0.00", "0.000", "0.0000"}) {
        lxw_format* x = workbook_add_format(wb);
        format_set_num_format(x, f);
        num_fmt.push_back(x);
    }
    static const std::set<std::string> amount_cols = {"amount", "open_amount", "credit_limit", "insured_amount",
                                                      "temporary_insured_amount", "amount_base", "open_amount_base",
                                                      "credit_limit_base", "payment_terms_days",
                                                      "insurance_max_extension_days", "rate"};
    static const std::set<std::string> date_cols = {"issue_date", "due_date", "status_date", "promise_date", "date",
                                                    "temporary_insured_from", "temporary_insured_to", "opened_date",
                                                    "closed_date"};
    lxw_error err = LXW_NO_ERROR;
    for (const auto& t : tables) {
        lxw_worksheet* ws = workbook_add_worksheet(wb, t.name.c_str());
        const std::size_t w = t.header.size();
        for (std::size_t c = 0; c < w; ++c)
            worksheet_write_string(ws, 0, static_cast<lxw_col_t>(c), t.header[c].c_str(), bold);
        for (std::size_t r = 0; r < t.rows(); ++r) {
            const auto row = static_cast<lxw_row_t>(r + 1);
            for (std::size_t c = 0; c < w; ++c) {
                const std::string& v = t.cells[r * w + c];
                if (v.empty()) continue;
                const auto col = static_cast<lxw_col_t>(c);
                if (amount_cols.count(t.header[c])) {
                    // The file boundary: an exact decimal becomes the nearest double,
                    // which Excel shows (and dsocore reads back) as the same decimal.
                    double d = 0;
                    std::from_chars(v.data(), v.data() + v.size(), d);
                    const auto dot = v.find('.');
                    const std::size_t digits = dot == std::string::npos ? 0 : std::min<std::size_t>(v.size() - dot - 1, 4);
                    err = worksheet_write_number(ws, row, col, d, num_fmt[digits]);
                } else if (date_cols.count(t.header[c])) {
                    if (auto dt = Date::parse(v)) {
                        lxw_datetime x{dt->year(), dt->month(), dt->day(), 0, 0, 0.0};
                        err = worksheet_write_datetime(ws, row, col, &x, date_fmt);
                    } else {
                        err = worksheet_write_string(ws, row, col, v.c_str(), nullptr);
                    }
                } else {
                    err = worksheet_write_string(ws, row, col, v.c_str(), nullptr);
                }
                if (err != LXW_NO_ERROR) break;
            }
        }
    }
    const lxw_error close_err = workbook_close(wb);
    if (err != LXW_NO_ERROR || close_err != LXW_NO_ERROR)
        throw Error(Errc::io, path + ": cannot write the workbook: " +
                                  lxw_strerror(err != LXW_NO_ERROR ? err : close_err));
}

void export_data(const Ledger& l, const fs::path& output, const ExportOptions& o) {
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

DSOCORE_END_NAMESPACE
