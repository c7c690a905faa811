// Search & assign, and the undo journal.
#include "dsocore/risk/assign.hpp"

#include <algorithm>
#include <memory>
#include <unordered_map>

#include "dsocore/core/error.hpp"
#include "dsocore/io/csv.hpp"
#include "dsocore/risk/config.hpp"
#include "dsocore/risk/figures.hpp"
#include "dsocore/risk/notation.hpp"
#include "dsocore/risk/store.hpp"

DSOCORE_BEGIN_NAMESPACE

namespace fs = std::filesystem;

namespace {
constexpr const char* kJournal = "assign_journal.csv";

Operation operation_for(std::string_view field) {
    if (field == "scenario") return Operation::assign_scenario;
    if (field == "collector") return Operation::assign_collector;
    if (field == "group_code") return Operation::assign_group;
    return Operation::assign_custom;
}

std::string assignable_list() { return "scenario, collector, group_code, custom_1 … custom_12"; }

struct JournalRow {
    std::int64_t batch = 0;
    std::string event, timestamp, user, role, field, value, where, entity, customer_id, old_raw, new_raw;
    bool column_added = false;
};

std::vector<JournalRow> read_journal(const fs::path& dir) {
    std::vector<JournalRow> out;
    std::size_t line = 1;
    for (const auto& r : read_csv_log(dir / kJournal, assign_journal_columns())) {
        ++line;
        JournalRow j;
        std::int64_t b = 0;
        if (parse_fixed(r[0], 0, b) != FixedParse::ok || b <= 0 || r[0].find('.') != std::string::npos)
            throw Error(Errc::data, std::string(kJournal) + ":" + std::to_string(line) + ": column batch: value '" + r[0] +
                                        "': expected a positive whole number");
        j.batch = b;
        j.event = r[1];
        if (j.event != "assign" && j.event != "undo")
            throw Error(Errc::data, std::string(kJournal) + ":" + std::to_string(line) + ": column event: value '" + j.event +
                                        "': expected assign or undo");
        j.timestamp = r[2];
        j.user = r[3];
        j.role = r[4];
        j.field = r[5];
        j.value = r[6];
        j.where = r[7];
        j.entity = r[8];
        j.customer_id = r[9];
        j.old_raw = r[10];
        j.new_raw = r[11];
        j.column_added = r[12] == "true";
        out.push_back(std::move(j));
    }
    return out;
}

std::vector<std::string> to_row(const JournalRow& j) {
    return {std::to_string(j.batch), j.event,  j.timestamp,   j.user,    j.role,    j.field, j.value,
            j.where,                 j.entity, j.customer_id, j.old_raw, j.new_raw, j.column_added ? "true" : "false"};
}

/// Figures, the grid and the compiled filter of one search, kept alive together.
struct SearchState {
    CustomerFigures fig;
    std::optional<RiskConfig> grid;
    FieldResolver fields;
    Filter filter;
    SearchState(const Ledger& L, const SearchRequest& req, const fs::path& risk_json)
        : fig(L, req.as_of, req.base ? *req.base : L.company().base_currency) {
        std::error_code ec;
        if (!risk_json.empty() && fs::exists(risk_json, ec)) {
            RiskConfig cfg = RiskConfig::parse(read_file(risk_json.string()), risk_json.filename().string());
            if (!cfg.scale.empty() && !cfg.criteria.empty()) grid = std::move(cfg);
        }
        fields = risk_fields(fig, grid ? &*grid : nullptr);
        filter = Filter::compile(req.where, fields);
    }
};

std::vector<std::uint32_t> run_search(const Ledger& L, const SearchRequest& req, const SearchState& st) {
    const CustomerTable& C = L.customers();
    std::vector<std::uint8_t> mask(C.size(), 1);
    if (req.role) mask = RoleView(L, *req.role, req.user).customer_mask();
    const Filter& f = st.filter;
    if (!f.empty()) {
        if (!f.uses_item_fields()) {
            for (std::uint32_t c = 0; c < C.size(); ++c)
                if (mask[c] && !f.matches({c, kNoRow})) mask[c] = 0;
        } else {
            const ItemTable& I = L.items();
            const std::int32_t A = req.as_of.days();
            std::vector<std::uint8_t> hit(C.size(), 0);
            for (std::uint32_t i = 0; i < I.size(); ++i) {
                const std::uint32_t c = I.customer[i];
                if (!mask[c] || hit[c] || I.issue_date[i] > A) continue;
                if (f.matches({c, i})) hit[c] = 1;
            }
            mask = std::move(hit);
        }
    }
    std::vector<std::uint32_t> out;
    for (std::uint32_t c = 0; c < C.size(); ++c)
        if (mask[c]) out.push_back(c);
    return out;
}
} // namespace

const std::vector<std::string>& assign_journal_columns() {
    static const std::vector<std::string> c = {"batch", "event",  "timestamp",   "user",    "role",    "field",       "value",
                                               "where", "entity", "customer_id", "old_raw", "new_raw", "column_added"};
    return c;
}

bool assignable_field(std::string_view f) noexcept {
    if (f == "scenario" || f == "collector" || f == "group_code") return true;
    if (f.size() > 7 && f.substr(0, 7) == "custom_") {
        for (int k = 1; k <= kCustomFields; ++k)
            if (f.substr(7) == std::to_string(k)) return true;
    }
    return false;
}

FieldResolver risk_fields(const CustomerFigures& fig, const RiskConfig* grid) {
    FieldResolver r = ledger_fields(fig.ledger(), fig.as_of());
    fig.add_fields(r);
    if (grid) {
        struct Store {
            std::vector<FieldValue> score;
            std::vector<std::string> grade;
        };
        auto st = std::make_shared<Store>();
        const auto notes = rate_customers(*grid, fig);
        st->score.reserve(notes.size());
        st->grade.reserve(notes.size());
        for (const auto& n : notes) {
            // Decimal significand (Int128) and 10^scale as an i128 ratio.
            const Decimal s = n.score.normalized();
            if (s.scale() > 30) throw Error(Errc::overflow, "score has too many decimals");
            const Int128& sig = s.significand();
            if (sig > Int128(std::numeric_limits<std::int64_t>::max()) || sig < Int128(std::numeric_limits<std::int64_t>::min()))
                throw Error(Errc::overflow, "score does not fit 64 bits");
            i128 den = 1;
            for (int k = 0; k < s.scale(); ++k) den *= 10;
            st->score.push_back(FieldValue::of_ratio(static_cast<std::int64_t>(sig), den));
            st->grade.push_back(n.grade ? n.grade->grade : std::string());
        }
        r.add("score", {FieldType::number, FieldScope::customer,
                        [st](const FilterRow& row) { return st->score[row.customer]; },
                        "credit notation score (risk.json grid)"});
        r.add("grade", {FieldType::text, FieldScope::customer,
                        [st](const FilterRow& row) { return FieldValue::of_text(st->grade[row.customer]); },
                        "credit notation grade (risk.json scale)"});
    }
    return r;
}

std::vector<std::uint32_t> search_customers(const Ledger& L, const SearchRequest& req, const fs::path& risk_json) {
    const SearchState st(L, req, risk_json);
    return run_search(L, req, st);
}

Table search_table(const Ledger& L, const SearchRequest& req, const fs::path& risk_json) {
    const SearchState st(L, req, risk_json);
    std::vector<std::uint32_t> rows = run_search(L, req, st);
    const CustomerTable& C = L.customers();
    std::stable_sort(rows.begin(), rows.end(), [&](std::uint32_t a, std::uint32_t b) {
        const auto ka = std::make_pair(L.str(C.entity[a]), L.str(C.customer_id[a]));
        const auto kb = std::make_pair(L.str(C.entity[b]), L.str(C.customer_id[b]));
        return ka < kb;
    });
    const Currency base = st.fig.base();
    Table t;
    t.report = "search";
    t.as_of = req.as_of;
    t.base_currency = base.code();
    const int scale = base.minor_units();
    const std::vector<std::pair<const char*, const LedgerColumn<StrId>*>> text_cols = {
        {"entity", &C.entity},         {"customer_id", &C.customer_id}, {"name", &C.name},
        {"customer_type", &C.customer_type}, {"country", &C.country},   {"group_code", &C.group_code},
        {"collector", &C.collector},   {"scenario", &C.scenario_code},  {"rating", &C.rating}};
    std::vector<std::size_t> cols;
    for (const auto& [name, col] : text_cols) cols.push_back(t.add_column(name, CellType::text));
    const std::size_t c_out = t.add_column("outstanding", CellType::decimal, scale);
    const std::size_t c_over = t.add_column("overdue", CellType::decimal, scale);
    for (std::uint32_t c : rows) {
        for (std::size_t k = 0; k < cols.size(); ++k) t.push_text(cols[k], L.str((*text_cols[k].second)[c]));
        t.push_decimal(c_out, st.fig.risk()[c].outstanding);
        t.push_decimal(c_over, st.fig.risk()[c].overdue);
    }
    return t;
}

Table assign_changes_table(const AssignResult& r, Date as_of) {
    Table t;
    t.report = "assign_changes";
    t.as_of = as_of;
    const std::size_t c_e = t.add_column("entity", CellType::text);
    const std::size_t c_c = t.add_column("customer_id", CellType::text);
    const std::size_t c_o = t.add_column("old_value", CellType::text);
    const std::size_t c_n = t.add_column("new_value", CellType::text);
    for (const auto& c : r.changes) {
        t.push_text(c_e, c.entity);
        t.push_text(c_c, c.customer_id);
        t.push_text(c_o, c.old_value);
        t.push_text(c_n, c.new_value);
    }
    return t;
}

AssignResult assign(const fs::path& dir, const AssignRequest& req) {
    if (!assignable_field(req.field))
        throw Error(Errc::invalid_argument, "cannot assign '" + req.field + "'; expected one of " + assignable_list());
    DataDirLock lock(dir);
    const Ledger L = Ledger::load(dir);
    if (req.search.role) {
        const RoleView view(L, *req.search.role, req.search.user);
        view.require(operation_for(req.field));
    }
    if (req.field == "scenario" && !req.value.empty() && L.scenarios().find(req.value) == Scenarios::npos) {
        std::string ids;
        for (const auto& s : L.scenarios().list) ids += (ids.empty() ? "" : ", ") + s.id;
        throw Error(Errc::invalid_argument, "scenario '" + req.value + "' does not exist; scenarios: " + ids);
    }
    const std::vector<std::uint32_t> rows = search_customers(L, req.search, dir / "risk.json");

    CustomersFile f = CustomersFile::read(dir);
    if (f.rows() != L.customers().size())
        throw Error(Errc::internal, "customers.csv changed while it was read");
    const std::size_t c_id = f.column("customer_id");
    std::size_t col = f.column(req.field);
    bool column_added = false;
    AssignResult res;
    res.matched = rows.size();
    const std::string new_raw = CustomersFile::encode(req.value);
    const CustomerTable& C = L.customers();
    std::vector<std::string> old_raws; // the exact bytes (a non-canonical file may quote needlessly)
    for (std::uint32_t c : rows) {
        // Ledger rows are the file's data records in order.
        if (f.value(c, c_id) != L.str(C.customer_id[c])) throw Error(Errc::internal, "customers.csv rows out of step with the ledger");
        const std::string old = col == CustomersFile::npos ? std::string() : f.value(c, col);
        if (old == req.value) continue;
        if (col == CustomersFile::npos) {
            col = f.add_column(req.field);
            column_added = true;
        }
        res.changes.push_back({std::string(L.str(C.entity[c])), std::string(L.str(C.customer_id[c])), old, req.value});
        old_raws.emplace_back(f.raw(c, col));
        f.set_raw(c, col, new_raw);
    }
    res.changed = res.changes.size();
    if (req.dry_run || res.changed == 0) return res;

    // Journal the old bytes of every field first, then write customers.csv: a crash in
    // between leaves a journal entry that undo recognises as never applied.
    const std::string text = f.render();
    (void)load_with_customers(dir, text); // the result must load
    std::int64_t batch = 1;
    for (const auto& j : read_journal(dir)) batch = std::max(batch, j.batch + 1);
    const std::string ts = req.timestamp.empty() ? utc_timestamp() : req.timestamp;
    std::vector<std::vector<std::string>> jrows;
    jrows.reserve(res.changes.size());
    for (std::size_t k = 0; k < res.changes.size(); ++k) {
        const AssignChange& ch = res.changes[k];
        JournalRow j;
        j.batch = batch;
        j.event = "assign";
        j.timestamp = ts;
        j.user = req.search.user;
        j.role = req.search.role ? to_string(*req.search.role) : "";
        j.field = req.field;
        j.value = req.value;
        j.where = req.search.where;
        j.entity = ch.entity;
        j.customer_id = ch.customer_id;
        j.old_raw = old_raws[k];
        j.new_raw = new_raw;
        j.column_added = column_added;
        jrows.push_back(to_row(j));
    }
    append_csv_log(dir / kJournal, assign_journal_columns(), jrows);
    crash_point("assign.after_journal");
    write_file_atomic((dir / "customers.csv").string(), text);
    res.batch = batch;
    return res;
}

UndoResult undo_assign(const fs::path& dir, std::optional<Role> role, const std::string& user, const std::string& timestamp) {
    DataDirLock lock(dir);
    const auto journal = read_journal(dir);
    // The latest batch not undone yet.
    std::vector<std::int64_t> undone;
    for (const auto& j : journal)
        if (j.event == "undo") undone.push_back(j.batch);
    std::int64_t batch = 0;
    for (const auto& j : journal)
        if (j.event == "assign" && std::find(undone.begin(), undone.end(), j.batch) == undone.end()) batch = std::max(batch, j.batch);
    if (batch == 0) throw Error(Errc::not_found, std::string("nothing to undo: ") + kJournal + " has no assignment left to undo");
    std::vector<const JournalRow*> rows;
    for (const auto& j : journal)
        if (j.event == "assign" && j.batch == batch) rows.push_back(&j);
    const JournalRow& head = *rows.front();

    const Ledger L = Ledger::load(dir);
    if (role) {
        const RoleView view(L, *role, user);
        view.require(operation_for(head.field));
        if (*role == Role::collector && head.user != user)
            throw Error(Errc::permission, "role collector (user '" + user + "') may not undo assignment " +
                                              std::to_string(batch) + " made by '" + head.user + "'");
    }

    CustomersFile f = CustomersFile::read(dir);
    const std::size_t col = f.column(head.field);
    UndoResult res;
    res.batch = batch;
    res.field = head.field;
    bool applied = true;
    if (head.column_added) {
        applied = col != CustomersFile::npos;
        if (applied && col != f.columns() - 1)
            throw Error(Errc::invalid_argument, "cannot undo assignment " + std::to_string(batch) + ": column " + head.field +
                                                    " added by it is no longer the last column of customers.csv");
    } else if (col == CustomersFile::npos) {
        throw Error(Errc::invalid_argument, "cannot undo assignment " + std::to_string(batch) + ": customers.csv has no column " + head.field);
    }
    std::unordered_map<std::string, std::size_t> index;
    {
        const std::size_t ce = f.column("entity"), ci = f.column("customer_id");
        for (std::size_t r = 0; r < f.rows(); ++r) {
            std::string e = ce == CustomersFile::npos ? std::string() : f.value(r, ce);
            if (e.empty()) e = "MAIN";
            index.emplace(e + '\x1f' + f.value(r, ci), r);
        }
    }
    std::vector<std::size_t> file_rows;
    std::size_t at_old = 0;
    std::string conflicts;
    for (const JournalRow* j : rows) {
        const auto it = index.find(j->entity + '\x1f' + j->customer_id);
        const std::size_t r = it == index.end() ? CustomersFile::npos : it->second;
        if (r == CustomersFile::npos)
            throw Error(Errc::invalid_argument, "cannot undo assignment " + std::to_string(batch) + ": customer " + j->entity +
                                                    ":" + j->customer_id + " is no longer in customers.csv");
        file_rows.push_back(r);
        if (!applied) continue;
        const std::string_view now = f.raw(r, col);
        if (now == j->old_raw && !head.column_added) ++at_old;
        else if (now != j->new_raw)
            conflicts += (conflicts.empty() ? "" : ", ") + j->entity + ":" + j->customer_id + " (now '" +
                         CustomersFile::decode(now) + "')";
    }
    if (applied && !head.column_added && at_old == rows.size()) applied = false; // journaled, never written (a crash)
    if (applied) {
        if (!conflicts.empty())
            throw Error(Errc::invalid_argument, "cannot undo assignment " + std::to_string(batch) + ": " + head.field +
                                                    " was changed since for " + conflicts);
        if (head.column_added) {
            // Every other row must still hold an empty value in the added column.
            std::vector<std::uint8_t> mine(f.rows(), 0);
            for (std::size_t r : file_rows) mine[r] = 1;
            for (std::size_t r = 0; r < f.rows(); ++r)
                if (!mine[r] && !f.raw(r, col).empty())
                    throw Error(Errc::invalid_argument, "cannot undo assignment " + std::to_string(batch) + ": column " +
                                                            head.field + " it added was filled in since");
            f.remove_last_column();
        } else {
            for (std::size_t k = 0; k < rows.size(); ++k) f.set_raw(file_rows[k], col, rows[k]->old_raw);
        }
        const std::string text = f.render();
        (void)load_with_customers(dir, text);
        write_file_atomic((dir / "customers.csv").string(), text);
        res.restored = rows.size();
    }
    JournalRow u;
    u.batch = batch;
    u.event = "undo";
    u.timestamp = timestamp.empty() ? utc_timestamp() : timestamp;
    u.user = user;
    u.role = role ? to_string(*role) : "";
    u.field = head.field;
    u.value = applied ? "" : "never applied";
    append_csv_log(dir / kJournal, assign_journal_columns(), {to_row(u)});
    return res;
}

DSOCORE_END_NAMESPACE
