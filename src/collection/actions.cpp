// Recording collection actions (actions.csv) and marking items ignored (items.csv).
#include "dsocore/collection/actions.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>

#include "dsocore/collection/agenda.hpp"
#include "dsocore/core/error.hpp"
#include "dsocore/io/csv.hpp"

DSOCORE_BEGIN_NAMESPACE

namespace fs = std::filesystem;

namespace {

const std::vector<std::string> kActionColumns = {"entity", "action_id", "customer_id", "date",    "channel", "scenario",
                                                 "step",   "item_ids",  "user",        "outcome", "comment"};

std::string key_of(const Ledger& L, std::uint32_t c) {
    return std::string(L.str(L.customers().entity[c])) + ":" + std::string(L.str(L.customers().customer_id[c]));
}

/// Exclusive advisory lock (flock) on the data directory itself, released on
/// destruction: two writers of the same directory never interleave a read-modify-write.
class DirLock {
public:
    explicit DirLock(const fs::path& path) {
        fd_ = ::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd_ < 0) throw Error(Errc::io, path.string() + ": cannot open the directory: " + std::strerror(errno));
        while (::flock(fd_, LOCK_EX) != 0) {
            if (errno == EINTR) continue;
            const int e = errno;
            ::close(fd_);
            throw Error(Errc::io, path.string() + ": cannot lock: " + std::strerror(e));
        }
    }
    ~DirLock() {
        ::flock(fd_, LOCK_UN);
        ::close(fd_);
    }
    DirLock(const DirLock&) = delete;
    DirLock& operator=(const DirLock&) = delete;

private:
    int fd_ = -1;
};

fs::path data_dir(const Ledger& L, const fs::path& dir) {
    const fs::path d = dir.empty() ? L.directory() : dir;
    if (d.empty())
        throw Error(Errc::invalid_argument, "no data directory to write to (the ledger was loaded from memory)");
    return d;
}

} // namespace

std::pair<std::string, std::string> split_customer_key(std::string_view key) {
    const auto colon = key.find(':');
    if (colon == std::string_view::npos) return {"", std::string(key)};
    return {std::string(key.substr(0, colon)), std::string(key.substr(colon + 1))};
}

std::uint32_t resolve_customer(const Ledger& L, std::string_view entity, std::string_view id) {
    const CustomerTable& C = L.customers();
    if (!entity.empty()) {
        const std::uint32_t c = L.find_customer(entity, id);
        if (c == kNoRow)
            throw Error(Errc::not_found, "no customer " + std::string(entity) + ":" + std::string(id) + " in customers.csv");
        return c;
    }
    std::uint32_t found = kNoRow;
    std::string entities;
    for (std::uint32_t c = 0; c < C.size(); ++c) {
        if (L.str(C.customer_id[c]) != id) continue;
        entities += (entities.empty() ? "" : ", ") + std::string(L.str(C.entity[c]));
        if (found != kNoRow) found = kNoRow - 1;
        else found = c;
    }
    if (found == kNoRow) throw Error(Errc::not_found, "no customer " + std::string(id) + " in customers.csv");
    if (found == kNoRow - 1)
        throw Error(Errc::invalid_argument, "customer " + std::string(id) + " exists in several entities (" + entities +
                                                "); write ENTITY:" + std::string(id));
    return found;
}

RecordedAction prepare_action(const Ledger& L, const ActionRequest& req) {
    const CustomerTable& C = L.customers();
    const ItemTable& I = L.items();
    const std::uint32_t cust = resolve_customer(L, req.entity, req.customer_id);
    RecordedAction out;
    out.entity = std::string(L.str(C.entity[cust]));
    out.customer_id = std::string(L.str(C.customer_id[cust]));
    if (!req.step.empty()) {
        if (C.payer[cust] != cust)
            throw Error(Errc::invalid_argument, key_of(L, cust) + " is dunned through its payment center " +
                                                    key_of(L, C.payer[cust]) + ": record the action on the payment center");
        // The step must be pending for this payer (any date: a collector may act early).
        AgendaOptions opt;
        opt.horizon_days = 36600;
        const Agenda ag = compute_agenda(L, req.date, opt);
        const AgendaRow* row = nullptr;
        std::string pending;
        for (const AgendaRow& r : ag.rows) {
            if (r.payer != cust) continue;
            const Scenario& s = L.scenarios().list[r.scenario];
            pending += (pending.empty() ? "" : ", ") + s.steps[r.step].id + " (" + s.id + ")";
            if (s.steps[r.step].id != req.step || (!req.scenario.empty() && s.id != req.scenario)) continue;
            if (row)
                throw Error(Errc::invalid_argument, "step " + req.step + " is pending in several scenarios for " +
                                                        key_of(L, cust) + ": choose one with --scenario");
            row = &r;
        }
        if (!row)
            throw Error(Errc::invalid_argument,
                        "step " + req.step + (req.scenario.empty() ? "" : " of scenario " + req.scenario) +
                            " is not pending for " + key_of(L, cust) + " at " + req.date.to_string() +
                            (pending.empty() ? " (nothing is pending)" : "; pending: " + pending));
        const Scenario& s = L.scenarios().list[row->scenario];
        out.scenario = s.id;
        out.step = s.steps[row->step].id;
        out.channel = req.channel ? *req.channel : s.steps[row->step].channel;
        if (req.item_ids.empty()) {
            for (const std::uint32_t i : row->items) out.item_ids.emplace_back(L.str(I.item_id[i]));
        } else {
            for (const auto& id : req.item_ids) {
                const std::uint32_t i = L.find_item(out.entity, id);
                if (i == kNoRow) throw Error(Errc::not_found, "no item " + out.entity + ":" + id + " in items.csv");
                if (std::find(row->items.begin(), row->items.end(), i) == row->items.end())
                    throw Error(Errc::invalid_argument, "item " + id + " is not in the agenda row " + key_of(L, cust) +
                                                            " " + out.step + " (its step is another one, or it is not eligible)");
                out.item_ids.push_back(id);
            }
        }
    } else {
        if (!req.scenario.empty()) throw Error(Errc::invalid_argument, "a scenario without a step: name the step too");
        out.channel = req.channel ? *req.channel : Channel::task;
        for (const auto& id : req.item_ids) {
            const std::uint32_t i = L.find_item(out.entity, id);
            if (i == kNoRow) throw Error(Errc::not_found, "no item " + out.entity + ":" + id + " in items.csv");
            if (C.payer[I.customer[i]] != C.payer[cust] && I.customer[i] != cust)
                throw Error(Errc::invalid_argument, "item " + id + " belongs to " + key_of(L, I.customer[i]) +
                                                        ", not to an account of " + key_of(L, cust));
            out.item_ids.push_back(id);
        }
    }
    std::sort(out.item_ids.begin(), out.item_ids.end());
    out.item_ids.erase(std::unique(out.item_ids.begin(), out.item_ids.end()), out.item_ids.end());
    for (const auto& id : out.item_ids)
        if (id.find(' ') != std::string::npos)
            throw Error(Errc::invalid_argument, "item id '" + id + "' holds a space: item_ids cannot list it");
    return out;
}

std::string next_action_id(std::string_view text) {
    CsvReader rd{std::string(text)};
    std::vector<std::string_view> f;
    int col = -1;
    std::string prefix;
    std::size_t width = 7;
    std::vector<std::string> ids;
    if (rd.next(f)) {
        for (std::size_t k = 0; k < f.size(); ++k)
            if (f[k] == "action_id") col = static_cast<int>(k);
    }
    while (col >= 0 && rd.next(f)) {
        if (static_cast<std::size_t>(col) < f.size()) ids.emplace_back(f[static_cast<std::size_t>(col)]);
    }
    // The prefix and width of the last id with a numeric tail.
    bool have = false;
    for (auto it = ids.rbegin(); it != ids.rend() && !have; ++it) {
        std::size_t p = it->size();
        while (p > 0 && (*it)[p - 1] >= '0' && (*it)[p - 1] <= '9') --p;
        if (p == it->size()) continue;
        prefix = it->substr(0, p);
        width = it->size() - p;
        have = true;
    }
    if (!have) prefix = "A";
    // Highest number with that prefix, + 1.
    std::uint64_t top = 0;
    for (const auto& id : ids) {
        if (id.size() <= prefix.size() || id.compare(0, prefix.size(), prefix) != 0) continue;
        const std::string tail = id.substr(prefix.size());
        if (tail.size() > 18 || !std::all_of(tail.begin(), tail.end(), [](char ch) { return ch >= '0' && ch <= '9'; }))
            continue;
        top = std::max<std::uint64_t>(top, std::stoull(tail));
    }
    std::string n = std::to_string(top + 1);
    if (n.size() < width) n.insert(0, width - n.size(), '0');
    return prefix + n;
}

RecordedAction record_action(const Ledger& L, const ActionRequest& req, const fs::path& dir_in) {
    const fs::path dir = data_dir(L, dir_in);
    RecordedAction a = prepare_action(L, req);
    const fs::path path = dir / "actions.csv";
    DirLock lock(dir);
    std::error_code ec;
    std::string text = fs::exists(path, ec) ? read_file(path.string()) : std::string();
    a.action_id = next_action_id(text);
    std::string ids;
    for (const auto& id : a.item_ids) ids += (ids.empty() ? "" : " ") + id;
    const std::vector<std::string> values = {a.entity,  a.action_id, a.customer_id, req.date.to_string(),
                                             to_string(a.channel), a.scenario, a.step, ids,
                                             req.user, req.outcome, req.comment};
    auto value_of = [&](std::string_view col) -> std::string {
        for (std::size_t k = 0; k < kActionColumns.size(); ++k)
            if (kActionColumns[k] == col) return values[k];
        return std::string(); // custom or unknown columns stay empty
    };
    // The existing header (all records too when a column must be added).
    std::vector<std::string> header;
    std::vector<std::vector<std::string>> records;
    bool rebuild = false;
    if (!text.empty()) {
        CsvReader rd{std::string(text)};
        std::vector<std::string_view> f;
        if (rd.next(f)) header.assign(f.begin(), f.end());
    }
    if (header.empty()) {
        header = kActionColumns;
        text.clear();
        rebuild = true;
    } else {
        for (std::size_t k = 0; k < kActionColumns.size(); ++k) {
            if (values[k].empty() || std::find(header.begin(), header.end(), kActionColumns[k]) != header.end()) continue;
            if (kActionColumns[k] == "entity" && values[k] == "MAIN") continue; // absent entity means MAIN
            header.push_back(kActionColumns[k]);
            rebuild = true;
        }
    }
    std::string line;
    for (std::size_t c = 0; c < header.size(); ++c) {
        if (c) line.push_back(',');
        csv_append_field(line, value_of(header[c]));
    }
    a.line = line;
    std::string out;
    if (rebuild) {
        // Rewrite with the wider header: every record keeps its fields, new ones empty.
        for (std::size_t c = 0; c < header.size(); ++c) {
            if (c) out.push_back(',');
            csv_append_field(out, header[c]);
        }
        out.push_back('\n');
        if (!text.empty()) {
            CsvReader rd{std::string(text)};
            std::vector<std::string_view> f;
            rd.next(f); // old header
            while (rd.next(f)) {
                if (!rd.error().empty()) throw Error(Errc::data, "actions.csv:" + std::to_string(rd.line()) + ": " + rd.error());
                for (std::size_t c = 0; c < header.size(); ++c) {
                    if (c) out.push_back(',');
                    if (c < f.size()) csv_append_field(out, f[c]);
                }
                out.push_back('\n');
            }
        }
    } else {
        out = std::move(text);
        if (!out.empty() && out.back() != '\n') out.push_back('\n');
    }
    out += line;
    out.push_back('\n');
    write_file_atomic(path.string(), out);
    return a;
}

std::size_t mark_items_ignored(Ledger& L, std::string_view entity_in, const std::vector<std::string>& ids, Date date,
                               const fs::path& dir_in) {
    const fs::path dir = data_dir(L, dir_in);
    const std::string entity = entity_in.empty() ? std::string("MAIN") : std::string(entity_in);
    if (ids.empty()) throw Error(Errc::invalid_argument, "name the items to mark ignored");
    std::vector<std::uint32_t> rows;
    for (const auto& id : ids) {
        const std::uint32_t i = L.find_item(entity, id);
        if (i == kNoRow) throw Error(Errc::not_found, "no item " + entity + ":" + id + " in items.csv");
        rows.push_back(i);
    }
    std::size_t changed = 0;
    for (const std::uint32_t i : rows) {
        if (L.items().status_category[i] == StatusCategory::ignored) continue;
        L.set_item_status(i, "ignored", date);
        ++changed;
    }
    if (changed) {
        DirLock lock(dir);
        write_file_atomic((dir / "items.csv").string(), L.csv_text("items.csv"));
    }
    return changed;
}

std::size_t ignore_payer_items(Ledger& L, std::string_view entity, std::string_view customer_id,
                               const std::vector<std::string>& item_ids, Date date, const fs::path& dir) {
    if (item_ids.empty()) throw Error(Errc::invalid_argument, "name the items to mark ignored");
    const std::uint32_t c = resolve_customer(L, entity, customer_id);
    const std::string ent(L.str(L.customers().entity[c]));
    // The items must be the customer's (or of the accounts it pays for).
    for (const auto& item : item_ids) {
        const std::uint32_t i = L.find_item(ent, item);
        if (i == kNoRow) throw Error(Errc::not_found, "no item " + ent + ":" + item + " in items.csv");
        const std::uint32_t ic = L.items().customer[i];
        if (ic != c && L.customers().payer[ic] != c)
            throw Error(Errc::invalid_argument, "item " + item + " is not an item of " + ent + ":" + std::string(customer_id));
    }
    return mark_items_ignored(L, ent, item_ids, date, dir);
}

DSOCORE_END_NAMESPACE
