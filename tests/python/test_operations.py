"""render, act, import/export, snapshots, limits, search & assign, role views through Python.

Each is checked against the CLI on the sample data (as-of 2026-06-30) or against values
worked out by hand from the fixture written in the test.
"""
import os
import shutil
import subprocess
import zipfile
from decimal import Decimal

import pandas as pd
import pytest

import dsocore
from conftest import AS_OF

CLI = os.environ.get("DSOCORE_CLI", "")
needs_cli = pytest.mark.skipif(not CLI, reason="DSOCORE_CLI not set")


def cli(*args: str) -> str:
    return subprocess.run([CLI, *args], check=True, capture_output=True, text=True).stdout


@pytest.fixture()
def data(sample_dir, tmp_path):
    """A writable copy of the sample data directory."""
    d = tmp_path / "data"
    shutil.copytree(sample_dir, d)
    return str(d)


def _pending(ledger, channel):
    a = ledger.agenda(AS_OF)
    row = a[(a.state != "error") & (a.channel == channel)].iloc[0]
    return f"{row.entity}:{row.customer_id}", row.step


@needs_cli
@pytest.mark.parametrize("channel", ["sms", "email", "letter"])
def test_render_equals_cli(sample_dir, channel):
    ledger = dsocore.load(sample_dir, templates=True)
    customer, step = _pending(ledger, channel)
    msg = ledger.render(AS_OF, customer, step)
    assert isinstance(msg, dsocore.RenderedMessage) and msg.channel == channel
    assert str(msg) == cli("render", "--data", sample_dir, "--as-of", "2026-06-30", "--customer", customer,
                           "--step", step)
    assert (msg.sms is not None) == (channel == "sms")
    assert "<" in msg._repr_html_()


def test_render_needs_templates_and_a_pending_step(sample):
    with pytest.raises(dsocore.UsageError, match="templates=True"):
        sample.render(AS_OF, "FR01:C000242", "r1")
    ledger = dsocore.load(sample.directory, templates=True)
    with pytest.raises(dsocore.NotFoundError, match="no agenda row"):
        ledger.render("2026-06-30", "FR01:C000242", "no_such_step")


@needs_cli
def test_act_then_reload_shows_the_action(data, tmp_path):
    ledger = dsocore.load(data)
    customer, step = _pending(ledger, "sms")
    before = ledger.file_text("actions.csv")
    twin = str(tmp_path / "twin")
    shutil.copytree(data, twin)
    a = ledger.act(AS_OF, customer, step, user="ana", comment="sent")
    assert isinstance(a, dsocore.RecordedAction) and a.step == step and a.channel == "sms"
    assert f"{a.entity}:{a.customer_id}" == customer
    # The loaded ledger is immutable; the directory has the new line at its end.
    assert ledger.file_text("actions.csv") == before
    after = ledger.reload()
    assert after.file_text("actions.csv") == before + a.line + "\n"
    # The step is done: the payer's row for it has left the agenda (its items moved on).
    ag = after.agenda(AS_OF)
    ent, cid = customer.split(":")
    assert not ((ag.entity == ent) & (ag.customer_id == cid) & (ag.step == step)).any()
    # Same line as the CLI writes on an identical copy.
    out = cli("act", "--data", twin, "--as-of", "2026-06-30", "--customer", customer, "--step", step, "--user", "ana",
              "--comment", "sent")
    assert out.startswith(f"recorded {a.action_id}: ")
    with open(os.path.join(twin, "actions.csv")) as f:
        assert f.read() == before + a.line + "\n"


def test_act_out_of_scenario_and_ignore(data):
    ledger = dsocore.load(data)
    a = ledger.act("2026-06-30", "FR01:C000242", channel="call", outcome="promise", comment="calls back")
    assert a.step == "" and a.channel == "call"
    items = ledger.reload().report("aging", AS_OF, by="total")  # still loads
    assert len(items) == 1
    open_items = pd.read_csv(os.path.join(data, "items.csv"), dtype=str, keep_default_na=False)
    mine = open_items[(open_items.entity == "FR01") & (open_items.customer_id == "C000242")].item_id.tolist()[:2]
    assert ledger.ignore(AS_OF, "FR01:C000242", mine) == 2
    assert ledger.ignore(AS_OF, "FR01:C000242", " ".join(mine)) == 0  # already ignored
    now = pd.read_csv(os.path.join(data, "items.csv"), dtype=str, keep_default_na=False)
    assert set(now[now.item_id.isin(mine) & (now.entity == "FR01")].status) == {"ignored"}
    with pytest.raises(dsocore.NotFoundError):
        ledger.ignore(AS_OF, "FR01:C000242", ["NOPE-1"])
    with pytest.raises(dsocore.UsageError):
        ledger.act(AS_OF, "FR01:C000242")  # neither step nor channel


# --- import ------------------------------------------------------------------------------

PROFILE = {
    "kind": "items", "encoding": "windows-1252", "separator": ";", "decimal_separator": ",",
    "thousands_separator": " ", "date_formats": ["dd/MM/yyyy"], "sign": "by_type",
    "columns": {"entity": "Société", "item_id": "N° pièce", "customer_id": "Client",
                "type": {"source": "Type", "map": {"FA": "invoice", "AV": "credit_note"}},
                "issue_date": "Date", "due_date": "Echéance", "currency": "Devise", "amount": "Montant",
                "open_amount": "Reste"},
}


def _messy_file(tmp_path, data):
    """A windows-1252, ';'-separated ERP export with decimal commas and dd/MM/yyyy dates.

    line 2 TEST-0001 new invoice 1 234,50          -> created, amount 1234.50
    line 3 TEST-0002 new credit note 100,00 (AV)   -> created, amount -100.00 (sign by_type)
    line 4 TEST-0003 date 31/06/2026               -> rejected (no such day)
    line 5 TEST-0004 customer C999999              -> rejected (no such customer)
    line 6 TEST-0005 amount 10,505 EUR             -> rejected (3 decimals for EUR)
    line 7 an existing item written as it is       -> unchanged
    """
    items = pd.read_csv(os.path.join(data, "items.csv"), dtype=str, keep_default_na=False)
    ex = items[(items.entity == "FR01") & (items.type == "invoice") & (items.currency == "EUR")].iloc[0]

    def dmy(iso):
        y, m, d = iso.split("-")
        return f"{d}/{m}/{y}"
    rows = [
        "Société;N° pièce;Client;Type;Date;Echéance;Devise;Montant;Reste",
        "FR01;TEST-0001;C000242;FA;15/06/2026;15/07/2026;EUR;1 234,50;1 234,50",
        "FR01;TEST-0002;C000242;AV;16/06/2026;16/07/2026;EUR;100,00;100,00",
        "FR01;TEST-0003;C000242;FA;31/06/2026;31/07/2026;EUR;10,00;10,00",
        "FR01;TEST-0004;C999999;FA;01/06/2026;01/07/2026;EUR;50,00;50,00",
        "FR01;TEST-0005;C000242;FA;02/06/2026;02/07/2026;EUR;10,505;10,505",
        f"FR01;{ex.item_id};{ex.customer_id};FA;{dmy(ex.issue_date)};{dmy(ex.due_date)};EUR;"
        f"{ex.amount.replace('.', ',')};{ex.open_amount.replace('.', ',')}",
    ]
    path = tmp_path / "erp_items.csv"
    path.write_bytes(("\r\n".join(rows) + "\r\n").encode("windows-1252"))
    return str(path)


def test_import_messy_file_counts_and_rejects(data, tmp_path):
    src = _messy_file(tmp_path, data)
    before = open(os.path.join(data, "items.csv"), "rb").read()
    dry = dsocore.import_file(data, src, PROFILE, date=AS_OF, dry_run=True)
    assert (dry.created, dry.updated, dry.unchanged, dry.closed, dry.rejected) == (2, 0, 1, 0, 3)
    assert open(os.path.join(data, "items.csv"), "rb").read() == before  # a dry run writes nothing
    assert dry.files_written == [] and len(dry.changes) >= 2

    r = dsocore.load(data).import_file(src, PROFILE, date="2026-06-30")
    assert (r.created, r.updated, r.unchanged, r.closed, r.rejected) == (2, 0, 1, 0, 3)
    assert r.applied and r.encoding == "windows-1252" and r.separator == ";"
    assert r.summary == "created 2, updated 0, unchanged 1, closed 0, rejected 3"
    assert r.rejects["line"].tolist() == [4, 5, 6]
    reasons = r.rejects["reasons"].tolist()
    assert "31/06/2026" in reasons[0] and "C999999" in reasons[1] and ("10.505" in reasons[2] or "10,505" in reasons[2])
    assert os.path.exists(r.rejects_file)
    items = pd.read_csv(os.path.join(data, "items.csv"), dtype=str, keep_default_na=False).set_index("item_id")
    assert items.loc["TEST-0001", "amount"] == "1234.50" and items.loc["TEST-0002", "amount"] == "-100.00"
    assert items.loc["TEST-0002", "type"] == "credit_note" and "TEST-0003" not in items.index


def test_import_that_applies_nothing_raises(data, tmp_path):
    src = _messy_file(tmp_path, data)
    with pytest.raises(dsocore.DataError) as e:
        dsocore.import_file(data, src, dict(PROFILE, strict=True), date=AS_OF)
    assert e.value.result.applied is False and e.value.result.rejected == 3
    with pytest.raises(dsocore.DataError):  # a profile with an unknown key: every error named
        dsocore.import_file(data, src, dict(PROFILE, colums={}), date=AS_OF)


# --- export, report files, snapshots --------------------------------------------------------

@needs_cli
def test_export_enriched_csv_and_xlsx_equal_cli(sample, sample_dir, tmp_path):
    sample.export(tmp_path / "py", canonical=False)
    cli("export", "--data", sample_dir, "--format", "csv", "--output", str(tmp_path / "cli"))
    names = sorted(os.listdir(tmp_path / "cli"))
    assert sorted(os.listdir(tmp_path / "py")) == names and "items.csv" in names
    for n in names:
        assert (tmp_path / "py" / n).read_bytes() == (tmp_path / "cli" / n).read_bytes(), n
    sample.export(tmp_path / "py.xlsx", format="xlsx", canonical=False)
    cli("export", "--data", sample_dir, "--format", "xlsx", "--output", str(tmp_path / "cli.xlsx"))
    with zipfile.ZipFile(tmp_path / "py.xlsx") as a, zipfile.ZipFile(tmp_path / "cli.xlsx") as b:
        sheets = [n for n in b.namelist() if n.startswith("xl/worksheets/")]
        assert sheets and all(a.read(n) == b.read(n) for n in sheets)


def test_export_canonical_round_trip(sample, tmp_path):
    sample.export(tmp_path / "canon")
    again = dsocore.load(tmp_path / "canon")
    assert again.file_text("items.csv") == sample.file_text("items.csv")


@needs_cli
def test_report_write_csv_json_xlsx_equal_cli(sample, sample_dir, tmp_path):
    aging = sample.aging(AS_OF, by="entity")
    aging.write(str(tmp_path / "a.csv"))
    assert (tmp_path / "a.csv").read_text() == cli("report", "aging", "--data", sample_dir, "--as-of", "2026-06-30",
                                                   "--by", "entity")
    aging.write(str(tmp_path / "a.json"))
    assert (tmp_path / "a.json").read_text() == cli("report", "aging", "--data", sample_dir, "--as-of",
                                                    "2026-06-30", "--by", "entity", "--format", "json")
    aging.write(str(tmp_path / "a.xlsx"))
    cli("report", "aging", "--data", sample_dir, "--as-of", "2026-06-30", "--by", "entity", "--format", "xlsx",
        "--output", str(tmp_path / "c.xlsx"))
    with zipfile.ZipFile(tmp_path / "a.xlsx") as a, zipfile.ZipFile(tmp_path / "c.xlsx") as b:
        assert a.read("xl/worksheets/sheet1.xml") == b.read("xl/worksheets/sheet1.xml")
    with pytest.raises(dsocore.UsageError, match="derived"):
        aging[aging["total"] > 0].write(str(tmp_path / "b.csv"))


def test_snapshot_opens_like_the_directory(sample, tmp_path):
    snap = tmp_path / "sample.dsoc"
    sample.save_snapshot(snap)
    opened = dsocore.load(snap)
    assert opened.item_count == sample.item_count
    for name in ["aging", "dso", "risk", "cash_forecast"]:
        pd.testing.assert_frame_equal(opened.report(name, AS_OF), sample.report(name, AS_OF))
    with pytest.raises(dsocore.UsageError, match="snapshot"):
        opened.assign(AS_OF, "country = 'FR'", field="collector", value="x")


# --- risk: limits, search & assign, roles ------------------------------------------------------

def test_limit_request_approve_reject(data):
    ledger = dsocore.load(data)
    # risk.json approval_levels: up to 50000 (base EUR) credit_manager, above also admin.
    r = ledger.limit_request("FR01:C000242", Decimal("40000.00"), role="credit_manager", user="cm1",
                             comment="growth", as_of=AS_OF)
    assert isinstance(r, dsocore.LimitRequest)
    assert (r.old_limit, r.new_limit, r.state, r.levels, r.next_level) == ("30000.00", "40000.00", "pending",
                                                                           ["credit_manager"], 1)
    with pytest.raises(dsocore.Error):  # a second pending request for the customer is refused
        ledger.limit_request("FR01:C000242", 45000, role="credit_manager", user="cm1", as_of=AS_OF)
    r = ledger.limit_approve("FR01:C000242", role="credit_manager", user="cm2")
    assert (r.state, r.applied, r.approvers) == ("approved", True, ["cm2"])
    risk = ledger.reload().risk(AS_OF).set_index(["entity", "customer_id"])
    assert risk.loc[("FR01", "C000242"), "credit_limit"] == Decimal("40000.00")

    r2 = ledger.limit_request("FR01:C000242", "60000.00", role="credit_manager", user="cm1", as_of=AS_OF)
    assert r2.levels == ["credit_manager", "admin"] and r2.id == r.id + 1
    assert ledger.limit_approve(request=r2.id, role="credit_manager", user="cm2").next_level == 2
    with pytest.raises(dsocore.Error):  # the same user may not approve two levels
        ledger.limit_approve(request=r2.id, role="admin", user="cm2")
    done = ledger.limit_reject(request=r2.id, role="admin", user="boss", comment="too much")
    assert done.state == "rejected"
    h = ledger.limit_history(customer="FR01:C000242")
    assert h["event"].tolist() == ["request", "approve", "applied", "request", "approve", "reject"]
    risk = ledger.reload().risk(AS_OF).set_index(["entity", "customer_id"])
    assert risk.loc[("FR01", "C000242"), "credit_limit"] == Decimal("40000.00")
    with pytest.raises(dsocore.UsageError):
        ledger.limit_request("FR01:C000242", 1.5, role="credit_manager", user="cm1")  # a float amount


@needs_cli
def test_search_equals_cli(sample, sample_dir):
    where = "overdue > 10000 and country in ('DE', 'FR')"
    s = sample.search(AS_OF, where)
    assert s._dsocore_table.to_csv() == cli("search", "--data", sample_dir, "--as-of", "2026-06-30", "--where", where)
    assert len(s) > 0 and (s["overdue"] > Decimal(10000)).all() and set(s["country"]) <= {"DE", "FR"}


def test_assign_dry_run_assign_undo(data):
    ledger = dsocore.load(data)
    customers = pd.read_csv(os.path.join(data, "customers.csv"), dtype=str, keep_default_na=False)
    be = customers[customers.country == "BE"]
    before = open(os.path.join(data, "customers.csv"), "rb").read()
    dry = ledger.assign(AS_OF, "country = 'BE'", field="collector", value="zoe", dry_run=True)
    assert dry.matched == len(be) > 0 and dry.changed == (be.collector != "zoe").sum() and dry.batch == 0
    assert sorted(zip(dry.changes.entity, dry.changes.customer_id)) == sorted(zip(be.entity, be.customer_id))
    assert open(os.path.join(data, "customers.csv"), "rb").read() == before
    done = ledger.assign(AS_OF, "country = 'BE'", field="collector", value="zoe", role="credit_manager", user="cm")
    assert done.batch >= 1 and done.changed == dry.changed
    again = pd.read_csv(os.path.join(data, "customers.csv"), dtype=str, keep_default_na=False)
    assert set(again[again.country == "BE"].collector) == {"zoe"}
    # zoe's view now sees exactly those customers.
    zoe = ledger.reload().view("collector", "zoe")
    keys = lambda f: set(zip(f.entity, f.customer_id))  # noqa: E731
    assert keys(zoe.aging(AS_OF)) == keys(ledger.reload().aging(AS_OF)) & keys(be)
    u = ledger.undo_assign()
    assert (u.batch, u.field, u.restored) == (done.batch, "collector", done.changed)
    assert open(os.path.join(data, "customers.csv"), "rb").read() == before
    with pytest.raises(dsocore.NotFoundError):
        ledger.undo_assign()


def test_role_views(sample, sample_dir, data):
    customers = pd.read_csv(os.path.join(sample_dir, "customers.csv"), dtype=str, keep_default_na=False)
    keys = lambda f: list(zip(f.entity, f.customer_id))  # noqa: E731
    mine = set(keys(customers[customers.collector == "alice"]))
    full = sample.aging(AS_OF)
    alice = sample.view("collector", "alice")
    scoped = alice.aging(AS_OF)
    assert len(scoped) > 0 and set(keys(scoped)) == set(keys(full)) & mine
    kept = [k in mine for k in keys(full)]
    pd.testing.assert_frame_equal(scoped.reset_index(drop=True), full[kept].reset_index(drop=True))
    assert set(keys(alice.search(AS_OF))) <= mine
    with pytest.raises(dsocore.AccessError):  # on a copy: a refused assign must not write anything
        dsocore.load(data).view("collector", "alice").assign(AS_OF, "country = 'FR'", field="collector",
                                                             value="alice")
    with pytest.raises(dsocore.UsageError):
        sample.view("collector").aging(AS_OF)  # a collector's view needs a user
    with pytest.raises(dsocore.UsageError):
        sample.view("boss", "x").aging(AS_OF)


def test_exports_under_a_view_are_admin_only(sample, sample_dir, tmp_path):
    """docs/decisions.md, "Exports and roles": under a role-scoped view only admin may
    export (the data directory or a report to a file); another role is refused with
    AccessError naming role and user, and nothing is written."""
    admin = tmp_path / "admin"
    sample.export(admin, role="admin", user="ada")  # canonical: the same files as the input
    with open(admin / "items.csv", "rb") as a, open(os.path.join(sample_dir, "items.csv"), "rb") as b:
        assert a.read() == b.read()
    refused = tmp_path / "refused"
    with pytest.raises(dsocore.AccessError, match="collector.*alice"):
        sample.export(refused, role="collector", user="alice")
    assert not refused.exists()
    with pytest.raises(dsocore.AccessError):
        sample.view("credit_manager", "carla").export(refused, format="xlsx")
    assert not refused.exists()
    with pytest.raises(dsocore.UsageError):
        sample.export(refused, user="alice")  # a user without a role

    frame = sample.aging(AS_OF)
    out = tmp_path / "aging.csv"
    frame.write(str(out), role="admin", user="ada")
    assert out.read_text() == frame._dsocore_table.to_csv()  # the engine's CSV, byte for byte
    blocked = tmp_path / "blocked.xlsx"
    with pytest.raises(dsocore.AccessError, match="collector.*alice"):
        frame.write(str(blocked), role="collector", user="alice")
    assert not blocked.exists()


def test_role_allows_follows_risk_md():
    """risk.md "Roles": a collector cannot change scenarios, collectors or groups; exports
    under a role are admin-only (docs/decisions.md "Exports and roles")."""
    assert not dsocore.role_allows("collector", "assign_scenario")
    assert not dsocore.role_allows("collector", "assign_collector")
    assert not dsocore.role_allows("collector", "assign_group")
    assert dsocore.role_allows("collector", "read")
    assert dsocore.role_allows("credit_manager", "assign_scenario")
    assert not dsocore.role_allows("credit_manager", "export_data")
    assert dsocore.role_allows("admin", "export_data")


def test_role_allows_names_the_operations_on_a_typo(sample):
    with pytest.raises(dsocore.UsageError, match="approve_limit"):
        dsocore.role_allows("admin", "aprove_limit")
    with pytest.raises(dsocore.UsageError, match="collector"):
        dsocore.role_allows("boss", "read")
    view = sample.view("collector", "alice")
    assert not view.allows("assign_group")
    assert view.allows("read")


def test_agenda_and_alerts_under_a_collectors_view(sample, sample_dir):
    """The agenda is per payer: a collector's view keeps the rows of the payers they are
    the collector of (and the alerts of their customers), nothing else changes."""
    customers = pd.read_csv(os.path.join(sample_dir, "customers.csv"), dtype=str, keep_default_na=False)
    keys = lambda f: list(zip(f.entity, f.customer_id))  # noqa: E731
    mine = set(keys(customers[customers.collector == "alice"]))
    for method in ("agenda", "alerts"):
        full = getattr(sample, method)(AS_OF)
        scoped = getattr(sample.view("collector", "alice"), method)(AS_OF)
        assert 0 < len(scoped) < len(full)
        kept = [k in mine for k in keys(full)]
        pd.testing.assert_frame_equal(scoped.reset_index(drop=True), full[kept].reset_index(drop=True))
        same = getattr(sample, method)(AS_OF, role="collector", user="alice")
        pd.testing.assert_frame_equal(same, scoped)
    with pytest.raises(dsocore.UsageError):
        sample.agenda(AS_OF, user="alice")  # a user without a role
