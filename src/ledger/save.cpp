// Writing a ledger back as a canonical data directory.
#include <algorithm>
#include <filesystem>
#include <functional>

#include "dsocore/core/error.hpp"
#include "dsocore/io/csv.hpp"
#include "dsocore/ledger/ledger.hpp"

DSOCORE_BEGIN_NAMESPACE

namespace fs = std::filesystem;

namespace {

using CellFn = std::function<void(std::string&, std::size_t row)>;

/// Writes header + rows; `cell(name)` gives the writer of one column.
std::string write_table(const ColumnSet& cols, std::size_t rows, const std::function<CellFn(std::string_view)>& cell) {
    std::string out;
    std::vector<CellFn> fns;
    for (std::size_t c = 0; c < cols.size(); ++c) {
        if (c) out.push_back(',');
        csv_append_field(out, cols[c]);
        fns.push_back(cell(cols[c]));
    }
    out.push_back('\n');
    for (std::size_t r = 0; r < rows; ++r) {
        for (std::size_t c = 0; c < fns.size(); ++c) {
            if (c) out.push_back(',');
            fns[c](out, r);
        }
        out.push_back('\n');
    }
    return out;
}

void put_date(std::string& out, std::int32_t d) {
    if (d != kNoDate) Date::from_days(d).append_to(out);
}

int custom_index(std::string_view name) {
    if (name.size() > 7 && name.substr(0, 7) == "custom_") return std::stoi(std::string(name.substr(7))) - 1;
    return -1;
}

} // namespace

std::string Ledger::csv_text(std::string_view file) const {
    const StringPool& S = strings_;
    auto text = [&](const auto& col) -> CellFn { // a LedgerColumn<StrId> or a SparseColumn<StrId>
        return [&S, &col](std::string& o, std::size_t r) { csv_append_field(o, S[col[r]]); };
    };
    // An entity read empty (defaulted to MAIN) is written empty again.
    auto entity = [&](const LedgerColumn<StrId>& col, const LedgerColumn<std::uint8_t>& given, std::uint8_t bit) -> CellFn {
        return [&S, &col, &given, bit](std::string& o, std::size_t r) {
            if (given[r] & bit) csv_append_field(o, S[col[r]]);
        };
    };
    if (file == "customers.csv") {
        const CustomerTable& C = customers_;
        return write_table(C.columns, C.size(), [&](std::string_view n) -> CellFn {
            if (n == "entity") return entity(C.entity, C.given, CustomerTable::g_entity);
            if (n == "customer_id") return text(C.customer_id);
            if (n == "name") return text(C.name);
            if (n == "group_code") return text(C.group_code);
            if (n == "legal_id") return text(C.legal_id);
            if (n == "parent_id") return text(C.parent_id);
            if (n == "payment_center") return text(C.payment_center_code);
            if (n == "customer_type") return text(C.customer_type);
            if (n == "country") return text(C.country);
            if (n == "language")
                return [&](std::string& o, std::size_t r) { if (C.given[r] & CustomerTable::g_language) csv_append_field(o, S[C.language[r]]); };
            if (n == "currency")
                return [&](std::string& o, std::size_t r) { if (C.given[r] & CustomerTable::g_currency) o += C.currency[r].code(); };
            if (n == "payment_terms_days")
                return [&](std::string& o, std::size_t r) { if (C.given[r] & CustomerTable::g_terms) o += std::to_string(C.payment_terms_days[r]); };
            if (n == "credit_limit")
                return [&](std::string& o, std::size_t r) { if (C.has_credit_limit[r]) append_fixed(o, C.credit_limit[r], C.credit_limit_currency[r].minor_units()); };
            if (n == "credit_limit_currency")
                return [&](std::string& o, std::size_t r) { if (C.given[r] & CustomerTable::g_limit_currency) o += C.credit_limit_currency[r].code(); };
            if (n == "rating") return text(C.rating);
            if (n == "insurer") return text(C.insurer);
            if (n == "insured_amount")
                return [&](std::string& o, std::size_t r) { if (C.has_insured_amount[r]) append_fixed(o, C.insured_amount[r], C.currency[r].minor_units()); };
            if (n == "insurance_max_extension_days")
                return [&](std::string& o, std::size_t r) { if (C.insurance_max_extension_days[r] >= 0) o += std::to_string(C.insurance_max_extension_days[r]); };
            if (n == "temporary_insured_amount")
                return [&](std::string& o, std::size_t r) { if (C.has_temporary_insured[r]) append_fixed(o, C.temporary_insured_amount[r], C.currency[r].minor_units()); };
            if (n == "temporary_insured_from") return [&](std::string& o, std::size_t r) { put_date(o, C.temporary_insured_from[r]); };
            if (n == "temporary_insured_to") return [&](std::string& o, std::size_t r) { put_date(o, C.temporary_insured_to[r]); };
            if (n == "scenario") return text(C.scenario_code);
            if (n == "collector") return text(C.collector);
            if (n == "sales_rep") return text(C.sales_rep);
            if (n == "email") return text(C.email);
            if (n == "phone") return text(C.phone);
            if (n == "address") return text(C.address);
            return text(C.custom[static_cast<std::size_t>(custom_index(n))]);
        });
    }
    if (file == "items.csv") {
        const ItemTable& I = items_;
        return write_table(I.columns, I.size(), [&](std::string_view n) -> CellFn {
            if (n == "entity") return entity(I.entity, I.given, ItemTable::g_entity);
            if (n == "item_id") return text(I.item_id);
            if (n == "customer_id") return [&](std::string& o, std::size_t r) { csv_append_field(o, S[customers_.customer_id[I.customer[r]]]); };
            if (n == "type") return [&](std::string& o, std::size_t r) { if (I.given[r] & ItemTable::g_type) o += to_string(I.type[r]); };
            if (n == "issue_date") return [&](std::string& o, std::size_t r) { put_date(o, I.issue_date[r]); };
            if (n == "due_date") return [&](std::string& o, std::size_t r) { if (I.given[r] & ItemTable::g_due) put_date(o, I.due_date[r]); };
            if (n == "currency") return [&](std::string& o, std::size_t r) { if (I.given[r] & ItemTable::g_currency) o += I.currency[r].code(); };
            if (n == "amount") return [&](std::string& o, std::size_t r) { append_fixed(o, I.amount[r], I.currency[r].minor_units()); };
            if (n == "open_amount") return [&](std::string& o, std::size_t r) { if (I.given[r] & ItemTable::g_open) append_fixed(o, I.open_amount[r], I.currency[r].minor_units()); };
            if (n == "status") return text(I.status);
            if (n == "status_date") return [&](std::string& o, std::size_t r) { put_date(o, I.status_date[r]); };
            if (n == "promise_date") return [&](std::string& o, std::size_t r) { put_date(o, I.promise_date[r]); };
            if (n == "comment") return text(I.comment);
            return text(I.custom[static_cast<std::size_t>(custom_index(n))]);
        });
    }
    if (file == "allocations.csv") {
        const AllocationTable& A = allocations_;
        return write_table(A.columns, A.size(), [&](std::string_view n) -> CellFn {
            if (n == "entity") return [&](std::string& o, std::size_t r) { if (A.entity_given[r]) csv_append_field(o, S[items_.entity[A.item[r]]]); };
            if (n == "item_id") return [&](std::string& o, std::size_t r) { csv_append_field(o, S[items_.item_id[A.item[r]]]); };
            if (n == "date") return [&](std::string& o, std::size_t r) { put_date(o, A.date[r]); };
            return [&](std::string& o, std::size_t r) { append_fixed(o, A.amount[r], items_.currency[A.item[r]].minor_units()); };
        });
    }
    if (file == "fx.csv") {
        const auto& rows = fx_.rows();
        return write_table({"date", "currency", "rate"}, rows.size(), [&](std::string_view n) -> CellFn {
            if (n == "date") return [&](std::string& o, std::size_t r) { put_date(o, rows[r].date); };
            if (n == "currency") return [&](std::string& o, std::size_t r) { o += rows[r].currency.code(); };
            return [&](std::string& o, std::size_t r) {
                o += Decimal::from_units(rows[r].rate_e10, kRateScale).normalized().to_string();
            };
        });
    }
    if (file == "disputes.csv") {
        const DisputeTable& D = disputes_;
        return write_table(D.columns, D.size(), [&](std::string_view n) -> CellFn {
            if (n == "entity") return [&](std::string& o, std::size_t r) { if (D.entity_given[r]) csv_append_field(o, S[D.entity[r]]); };
            if (n == "dispute_id") return text(D.dispute_id);
            if (n == "customer_id") return [&](std::string& o, std::size_t r) { csv_append_field(o, S[customers_.customer_id[D.customer[r]]]); };
            if (n == "type") return text(D.type);
            if (n == "opened_date") return [&](std::string& o, std::size_t r) { put_date(o, D.opened_date[r]); };
            if (n == "closed_date") return [&](std::string& o, std::size_t r) { put_date(o, D.closed_date[r]); };
            if (n == "resolver") return text(D.resolver);
            if (n == "item_ids") return text(D.item_ids_raw);
            return text(D.comment);
        });
    }
    if (file == "actions.csv") {
        const ActionTable& T = actions_;
        return write_table(T.columns, T.size(), [&](std::string_view n) -> CellFn {
            if (n == "entity") return [&](std::string& o, std::size_t r) { if (T.entity_given[r]) csv_append_field(o, S[T.entity[r]]); };
            if (n == "action_id") return text(T.action_id);
            if (n == "customer_id") return [&](std::string& o, std::size_t r) { csv_append_field(o, S[customers_.customer_id[T.customer[r]]]); };
            if (n == "date") return [&](std::string& o, std::size_t r) { put_date(o, T.date[r]); };
            if (n == "channel") return [&](std::string& o, std::size_t r) { o += to_string(T.channel[r]); };
            if (n == "scenario") return text(T.scenario);
            if (n == "step") return text(T.step);
            if (n == "item_ids") return text(T.item_ids_raw);
            if (n == "user") return text(T.user);
            if (n == "outcome") return text(T.outcome);
            return text(T.comment);
        });
    }
    throw Error(Errc::invalid_argument, "unknown data file '" + std::string(file) + "'");
}

void Ledger::set_item_status(std::uint32_t item, std::string_view status, Date status_date) {
    if (item >= items_.size()) throw Error(Errc::not_found, "set_item_status: no item row " + std::to_string(item));
    const auto colon = status.find(':');
    const auto cat = parse_status_category(status.substr(0, colon));
    if (!cat || (colon != std::string_view::npos && colon + 1 == status.size()))
        throw Error(Errc::invalid_argument, "status '" + std::string(status) +
                                                "': expected category[:subtype] with category promise, dispute, "
                                                "litigation, ignored or info");
    ItemTable& I = items_;
    I.status.set(item, strings_.intern(status));
    I.status_category[item] = *cat;
    I.status_subtype.set(item, colon == std::string_view::npos ? 0 : strings_.intern(status.substr(colon + 1)));
    I.status_date.set(item, status_date.days());
    for (const char* col : {"status", "status_date"})
        if (std::find(I.columns.begin(), I.columns.end(), col) == I.columns.end()) I.columns.emplace_back(col);
}

void Ledger::save(const fs::path& dir) const {
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) throw Error(Errc::io, dir.string() + ": cannot create directory: " + ec.message());
    for (const auto& f : present_files_) {
        if (f.size() > 4 && f.substr(f.size() - 4) == ".csv") write_file_atomic((dir / f).string(), csv_text(f));
    }
    for (const auto& [name, text] : raw_json_) write_file_atomic((dir / name).string(), text);
}

DSOCORE_END_NAMESPACE
