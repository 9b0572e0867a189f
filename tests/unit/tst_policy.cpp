// SPDX-License-Identifier: GPL-3.0-or-later
#include "config/workspaceloader.h"
#include "release/auditlog.h"
#include "release/freezewindow.h"
#include "release/policy.h"

#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using rd::release::PolicyFacts;
using rd::release::PolicyRequest;
using rd::release::PolicyVerdict;

namespace {

// dev → qa → staging → prod; prod protected; hotfix may go straight from qa to staging; a
// weekly Friday/Saturday evening freeze in Berlin, a Black Friday freeze of prod, and limits.
const QByteArray workspaceText =
    "version: 1\n"
    "name: hockey\n"
    "environments:\n"
    "  - name: dev\n"
    "  - name: qa\n"
    "  - name: staging\n"
    "    promote_from: [qa, dev]\n"
    "  - name: prod\n"
    "    protected: true\n"
    "policy:\n"
    "  min_interval: 5m\n"
    "  max_rollbacks_per_hour: 3\n"
    "  max_concurrent_deploys: 2\n"
    "  freeze:\n"
    "    - {days: [fri], from: \"16:00\", to: \"24:00\", timezone: Europe/Berlin, reason: weekend, environments: [prod]}\n"
    "    - {days: [sat], from: \"00:00\", to: \"24:00\", timezone: Europe/Berlin, reason: weekend, environments: [prod]}\n"
    "    - {days: [sun], from: \"00:00\", to: \"08:00\", timezone: Europe/Berlin, reason: weekend, environments: [prod]}\n"
    "    - {from: \"2026-11-27T00:00:00+01:00\", to: \"2026-11-30T08:00:00+01:00\", reason: \"Black Friday\"}\n";

rd::config::Workspace load(const QByteArray &text)
{
    auto workspace = rd::config::parseWorkspace(text, u"releasedeck.yaml"_s);
    if (!workspace) {
        QString all;
        for (const rd::Error &e : workspace.error())
            all += e.toString() + u'\n';
        qFatal("workspace does not load: %s", qPrintable(all));
    }
    return *workspace;
}

// A quiet Tuesday morning, 10:00 in Berlin.
const QDateTime tuesday = QDateTime(QDate(2026, 12, 1), QTime(9, 0), QTimeZone::UTC);

PolicyRequest promote(const QString &from, const QString &to, const QDateTime &now = tuesday)
{
    PolicyRequest r;
    r.action = u"promote"_s;
    r.artifact = u"api"_s;
    r.fromEnvironment = from;
    r.environment = to;
    r.toVersion = u"v1.4.2"_s;
    r.now = now;
    if (to == u"prod")
        r.confirmation = u"prod"_s;
    return r;
}

PolicyRequest rollback(const QString &env, const QDateTime &now = tuesday)
{
    PolicyRequest r;
    r.action = u"rollback"_s;
    r.artifact = u"api"_s;
    r.environment = env;
    r.toVersion = u"v1.4.1"_s;
    r.now = now;
    if (env == u"prod")
        r.confirmation = u"prod"_s;
    return r;
}

QString joined(const PolicyVerdict &v)
{
    return v.refusals.join(u" | "_s);
}

} // namespace

class TestPolicy : public QObject
{
    Q_OBJECT
private:
    rd::config::Workspace m_workspace = load(workspaceText);

private Q_SLOTS:
    void loaderReadsPolicy()
    {
        const rd::config::Policy &p = m_workspace.policy;
        QCOMPARE(p.freeze.size(), 4);
        QCOMPARE(p.freeze.at(0).days, QList<int> { 5 });
        QCOMPARE(p.freeze.at(0).startMinute, 16 * 60);
        QCOMPARE(p.freeze.at(0).endMinute, 1440);
        QCOMPARE(p.freeze.at(0).timeZone, QByteArray("Europe/Berlin"));
        QCOMPARE(p.freeze.at(0).environments, QStringList { u"prod"_s });
        QVERIFY(!p.freeze.at(3).isWeekly());
        QCOMPARE(p.freeze.at(3).from.toUTC(), QDateTime(QDate(2026, 11, 26), QTime(23, 0), QTimeZone::UTC));
        QCOMPARE(p.freeze.at(3).reason, u"Black Friday"_s);
        QVERIFY(p.freeze.at(3).environments.isEmpty());
        QVERIFY(!p.allowSkip);
        QCOMPARE(m_workspace.environment(u"staging")->promoteFrom, (QStringList { u"qa"_s, u"dev"_s }));
    }

    void loaderRefusesBadPolicy_data()
    {
        QTest::addColumn<QByteArray>("policy");
        QTest::addColumn<QString>("message");
        QTest::newRow("unknown day") << QByteArray("  freeze: [{days: [fry], from: \"16:00\", to: \"18:00\"}]\n")
                                     << u"must list weekdays"_s;
        QTest::newRow("bad time") << QByteArray("  freeze: [{days: [fri], from: \"25:00\", to: \"18:00\"}]\n")
                                  << u"must be a time of day"_s;
        QTest::newRow("unknown zone")
            << QByteArray("  freeze: [{days: [fri], from: \"16:00\", to: \"18:00\", timezone: Mars/Olympus}]\n")
            << u"not a known time zone"_s;
        QTest::newRow("not a date") << QByteArray("  freeze: [{from: tomorrow, to: \"2026-11-30T08:00:00Z\"}]\n")
                                    << u"must be a date and time"_s;
        QTest::newRow("ends before start")
            << QByteArray("  freeze: [{from: \"2026-11-30T08:00:00Z\", to: \"2026-11-29T08:00:00Z\"}]\n")
            << u"is not after 'from'"_s;
        QTest::newRow("missing to") << QByteArray("  freeze: [{from: \"2026-11-30T08:00:00Z\"}]\n")
                                    << u"missing required key 'to'"_s;
        QTest::newRow("unknown environment")
            << QByteArray("  freeze: [{from: \"2026-11-29T08:00:00Z\", to: \"2026-11-30T08:00:00Z\", environments: [prd]}]\n")
            << u"names 'prd', but no environment"_s;
        QTest::newRow("unknown key") << QByteArray("  freeze: [{from: \"2026-11-29T08:00:00Z\", to: \"2026-11-30T08:00:00Z\", "
                                                   "until: x}]\n")
                                     << u"unknown key 'until'"_s;
        QTest::newRow("allow_skip not boolean") << QByteArray("  allow_skip: sometimes\n") << u"true or false"_s;
        QTest::newRow("freeze not a list") << QByteArray("  freeze: {from: x}\n") << u"must be a list"_s;
    }
    void loaderRefusesBadPolicy()
    {
        QFETCH(QByteArray, policy);
        QFETCH(QString, message);
        const QByteArray text = "version: 1\nenvironments:\n  - name: dev\n  - name: prod\npolicy:\n" + policy;
        auto workspace = rd::config::parseWorkspace(text, u"w.yaml"_s);
        QVERIFY(!workspace);
        QString all;
        for (const rd::Error &e : workspace.error())
            all += e.toString() + u'\n';
        QVERIFY2(all.contains(message), qPrintable(all));
        QVERIFY2(all.startsWith(u"w.yaml:"_s), qPrintable(all));
    }

    void loaderRefusesBadPromoteFrom()
    {
        const QByteArray text = "version: 1\nenvironments:\n  - name: dev\n  - name: prod\n"
                                "    promote_from: [prod, nowhere, \"Bad Name\"]\n";
        auto workspace = rd::config::parseWorkspace(text, u"w.yaml"_s);
        QVERIFY(!workspace);
        QString all;
        for (const rd::Error &e : workspace.error())
            all += e.toString() + u'\n';
        QVERIFY2(all.contains(u"names itself in 'promote_from'"_s), qPrintable(all));
        QVERIFY2(all.contains(u"names 'nowhere', but no environment"_s), qPrintable(all));
        QVERIFY2(all.contains(u"is not a valid name"_s), qPrintable(all));
    }

    void orderIsEnforced_data()
    {
        QTest::addColumn<QString>("from");
        QTest::addColumn<QString>("to");
        QTest::addColumn<bool>("allowSkip");
        QTest::addColumn<QString>("refusal"); // empty: allowed
        QTest::newRow("first environment from nowhere") << QString() << u"dev"_s << false << QString();
        QTest::newRow("dev to qa") << u"dev"_s << u"qa"_s << false << QString();
        QTest::newRow("qa to staging") << u"qa"_s << u"staging"_s << false << QString();
        QTest::newRow("dev to staging, listed in promote_from") << u"dev"_s << u"staging"_s << false << QString();
        QTest::newRow("staging to prod") << u"staging"_s << u"prod"_s << false << QString();
        QTest::newRow("qa to prod skips staging")
            << u"qa"_s << u"prod"_s << false << u"Promotion order: prod takes versions from staging, not from qa"_s;
        QTest::newRow("backwards") << u"prod"_s << u"qa"_s << false << u"qa takes versions from dev, not from prod"_s;
        QTest::newRow("nowhere into qa") << QString() << u"qa"_s << false << u"name the environment"_s;
        QTest::newRow("unknown source") << u"nope"_s << u"qa"_s << false << u"no environment 'nope'"_s;
        QTest::newRow("skip allowed") << u"dev"_s << u"prod"_s << true << QString();
        QTest::newRow("skip allowed, nowhere") << QString() << u"prod"_s << true << QString();
        QTest::newRow("skip allowed, still not backwards")
            << u"prod"_s << u"qa"_s << true << u"not from prod"_s;
    }
    void orderIsEnforced()
    {
        QFETCH(QString, from);
        QFETCH(QString, to);
        QFETCH(bool, allowSkip);
        QFETCH(QString, refusal);
        rd::config::Workspace workspace = m_workspace;
        workspace.policy.allowSkip = allowSkip;
        const PolicyVerdict verdict = rd::release::checkPolicy(workspace, promote(from, to), {});
        if (refusal.isEmpty()) {
            QVERIFY2(verdict.allowed(), qPrintable(joined(verdict)));
        } else {
            QCOMPARE(verdict.refusals.size(), 1);
            QVERIFY2(verdict.refusals.front().contains(refusal), qPrintable(joined(verdict)));
        }
    }

    void protectedNeedsTheTypedName()
    {
        PolicyRequest r = promote(u"staging"_s, u"prod"_s);
        r.confirmation.clear();
        PolicyVerdict v = rd::release::checkPolicy(m_workspace, r, {});
        QCOMPARE(v.refusals, QStringList { u"prod is protected: type its name, prod, to confirm."_s });
        r.confirmation = u"Prod"_s;
        v = rd::release::checkPolicy(m_workspace, r, {});
        QVERIFY(v.refusals.front().contains(u"does not match"_s));
        r.confirmation = u"prod"_s;
        QVERIFY(rd::release::checkPolicy(m_workspace, r, {}).allowed());

        PolicyRequest back = rollback(u"prod"_s);
        back.confirmation.clear();
        QVERIFY(!rd::release::checkPolicy(m_workspace, back, {}).allowed());
        back.automatic = true;
        QVERIFY(rd::release::checkPolicy(m_workspace, back, {}).allowed());
    }

    void freezeWindows_data()
    {
        QTest::addColumn<QDateTime>("now");
        QTest::addColumn<QString>("environment");
        QTest::addColumn<QString>("refusal");
        // Berlin is UTC+1 in winter. Friday 4 December 2026.
        QTest::newRow("friday before the window") << QDateTime(QDate(2026, 12, 4), QTime(14, 59), QTimeZone::UTC)
                                                  << u"prod"_s << QString();
        QTest::newRow("friday evening: until sunday 08:00, windows chained")
            << QDateTime(QDate(2026, 12, 4), QTime(15, 0), QTimeZone::UTC) << u"prod"_s
            << u"prod is frozen until Sun 08:00 CET (weekend); type a reason to override."_s;
        QTest::newRow("saturday night") << QDateTime(QDate(2026, 12, 5), QTime(22, 30), QTimeZone::UTC) << u"prod"_s
                                        << u"frozen until Sun 08:00 CET"_s;
        QTest::newRow("sunday morning is over") << QDateTime(QDate(2026, 12, 6), QTime(7, 0), QTimeZone::UTC)
                                                << u"prod"_s << QString();
        QTest::newRow("staging is not in the weekly window")
            << QDateTime(QDate(2026, 12, 4), QTime(18, 0), QTimeZone::UTC) << u"staging"_s << QString();
        QTest::newRow("black friday applies to every environment")
            << QDateTime(QDate(2026, 11, 27), QTime(10, 0), QTimeZone::UTC) << u"staging"_s
            << u"staging is frozen until Mon 08:00 UTC+01:00 (Black Friday); type a reason to override."_s;
        QTest::newRow("black friday, prod: chained with the weekend")
            << QDateTime(QDate(2026, 11, 27), QTime(10, 0), QTimeZone::UTC) << u"prod"_s
            << u"prod is frozen until Mon 08:00"_s;
        QTest::newRow("black friday over") << QDateTime(QDate(2026, 11, 30), QTime(7, 0), QTimeZone::UTC)
                                           << u"staging"_s << QString();
    }
    void freezeWindows()
    {
        QFETCH(QDateTime, now);
        QFETCH(QString, environment);
        QFETCH(QString, refusal);
        const QString from = environment == u"prod" ? u"staging"_s : u"qa"_s;
        PolicyRequest r = promote(from, environment, now);
        PolicyVerdict v = rd::release::checkPolicy(m_workspace, r, {});
        if (refusal.isEmpty()) {
            QVERIFY2(v.allowed(), qPrintable(joined(v)));
            return;
        }
        QCOMPARE(v.refusals.size(), 1);
        QVERIFY2(v.refusals.front().contains(refusal), qPrintable(joined(v)));

        // A typed reason overrides, with a warning and an entry for the audit log.
        r.overrideReason = u"  hotfix for INC-42, approved by Bob "_s;
        v = rd::release::checkPolicy(m_workspace, r, {});
        QVERIFY2(v.allowed(), qPrintable(joined(v)));
        QCOMPARE(v.overrides.size(), 1);
        QVERIFY(v.overrides.front().endsWith(u"overridden: hotfix for INC-42, approved by Bob"_s));
        QCOMPARE(v.warnings.size(), 1);

        // Spaces are not a reason; an automatic rollback is never frozen.
        r.overrideReason = u"   "_s;
        QVERIFY(!rd::release::checkPolicy(m_workspace, r, {}).allowed());
        PolicyRequest automatic = rollback(environment, now);
        automatic.automatic = true;
        QVERIFY(rd::release::checkPolicy(m_workspace, automatic, {}).allowed());
    }

    void overnightWeeklyWindow()
    {
        rd::config::FreezeWindow w;
        w.days = { 1 };          // Monday 22:00 → Tuesday 06:00, UTC
        w.startMinute = 22 * 60;
        w.endMinute = 6 * 60;
        const QDateTime tuesdayEarly(QDate(2026, 12, 1), QTime(3, 0), QTimeZone::UTC);
        QCOMPARE(rd::release::coveredUntil(w, tuesdayEarly), QDateTime(QDate(2026, 12, 1), QTime(6, 0), QTimeZone::UTC));
        QVERIFY(!rd::release::coveredUntil(w, QDateTime(QDate(2026, 12, 1), QTime(6, 0), QTimeZone::UTC)));
        QVERIFY(!rd::release::coveredUntil(w, QDateTime(QDate(2026, 11, 30), QTime(21, 59), QTimeZone::UTC)));
        // A freeze that never ends is followed a bounded number of steps, not for ever.
        rd::config::FreezeWindow always;
        always.days = { 1, 2, 3, 4, 5, 6, 7 };
        const auto active = rd::release::activeFreeze({ always }, u"prod", tuesdayEarly);
        QVERIFY(active);
        QVERIFY(active->until > tuesdayEarly.addDays(30));
    }

    void minInterval()
    {
        PolicyFacts facts;
        facts.lastPromotion = tuesday.addSecs(-120);
        PolicyVerdict v = rd::release::checkPolicy(m_workspace, promote(u"dev"_s, u"qa"_s), facts);
        QCOMPARE(v.refusals,
                 QStringList { u"qa had a promotion at Tue 08:58 UTC and policy min_interval is 5m: the next is "
                               u"allowed from Tue 09:03 UTC."_s });
        facts.lastPromotion = tuesday.addSecs(-300);
        QVERIFY(rd::release::checkPolicy(m_workspace, promote(u"dev"_s, u"qa"_s), facts).allowed());
        // Rollbacks are not promotions.
        facts.lastPromotion = tuesday.addSecs(-10);
        QVERIFY(rd::release::checkPolicy(m_workspace, rollback(u"qa"_s), facts).allowed());
    }

    void rollbacksPerHour()
    {
        PolicyFacts facts;
        facts.recentRollbacks = { tuesday.addSecs(-3000), tuesday.addSecs(-1200), tuesday.addSecs(-60) };
        PolicyVerdict v = rd::release::checkPolicy(m_workspace, rollback(u"qa"_s), facts);
        QCOMPARE(v.refusals,
                 QStringList { u"qa had 3 rollbacks in the last hour and policy max_rollbacks_per_hour is 3: the "
                               u"next is allowed from Tue 09:10 UTC."_s });
        // Older than an hour: not counted.
        facts.recentRollbacks.front() = tuesday.addSecs(-3601);
        QVERIFY(rd::release::checkPolicy(m_workspace, rollback(u"qa"_s), facts).allowed());
        // Promotions are not limited by it.
        facts.recentRollbacks.append(tuesday.addSecs(-5));
        QVERIFY(rd::release::checkPolicy(m_workspace, promote(u"dev"_s, u"qa"_s), facts).allowed());
    }

    void concurrentDeploys()
    {
        auto holder = [](const QString &artifact, const QString &env, const QString &user) {
            rd::release::LockHolder h;
            h.artifact = artifact;
            h.environment = env;
            h.user = user;
            return h;
        };
        PolicyFacts facts;
        facts.runningDeploys = { holder(u"web"_s, u"qa"_s, u"bob"_s), holder(u"api"_s, u"qa"_s, u"carol"_s) };
        // The same artifact and environment is the lock's business; one other deploy is fine.
        QVERIFY(rd::release::checkPolicy(m_workspace, promote(u"dev"_s, u"qa"_s), facts).allowed());
        facts.runningDeploys.append(holder(u"db"_s, u"staging"_s, u"dave"_s));
        const PolicyVerdict v = rd::release::checkPolicy(m_workspace, promote(u"dev"_s, u"qa"_s), facts);
        QCOMPARE(v.refusals,
                 QStringList { u"2 deploys are running (web in qa by bob, db in staging by dave) and policy "
                               u"max_concurrent_deploys is 2: try again when one has finished."_s });
    }

    void everyRuleAtOnce()
    {
        PolicyFacts facts;
        facts.lastPromotion = QDateTime(QDate(2026, 11, 27), QTime(9, 59), QTimeZone::UTC);
        PolicyRequest r = promote(u"qa"_s, u"prod"_s, QDateTime(QDate(2026, 11, 27), QTime(10, 0), QTimeZone::UTC));
        r.confirmation.clear();
        const PolicyVerdict v = rd::release::checkPolicy(m_workspace, r, facts);
        QCOMPARE(v.refusals.size(), 4);
        QVERIFY(v.refusals.at(0).startsWith(u"Promotion order"_s));
        QVERIFY(v.refusals.at(1).contains(u"protected"_s));
        QVERIFY(v.refusals.at(2).contains(u"frozen"_s));
        QVERIFY(v.refusals.at(3).contains(u"min_interval"_s));
        QVERIFY(!rd::release::checkPolicy(m_workspace, promote(u"qa"_s, u"nowhere"_s), facts).allowed());
        PolicyRequest other;
        other.action = u"cleanup"_s;
        QVERIFY(rd::release::checkPolicy(m_workspace, other, facts).allowed());
    }

    void factsFromTheAuditLog()
    {
        QTemporaryDir dir;
        auto log = rd::release::AuditLog::open(dir.filePath(u"audit.sqlite"_s));
        QVERIFY(log);
        rd::release::Plan plan;
        plan.action = u"promote"_s;
        plan.artifact = u"api"_s;
        plan.environment = u"qa"_s;
        plan.to = u"v1"_s;
        const rd::release::Actor actor { u"alice"_s, u"host"_s, {}, {} };
        auto id = log->begin(m_workspace, plan, actor, {}, tuesday.addSecs(-100));
        QVERIFY(id);
        QVERIFY(log->finish(*id, plan, rd::release::PlanOutcome {}, tuesday.addSecs(-90)));
        plan.action = u"rollback"_s;
        QVERIFY(log->begin(m_workspace, plan, actor, {}, tuesday.addSecs(-50)));
        QVERIFY(log->begin(m_workspace, plan, actor, {}, tuesday.addSecs(-4000)));

        PolicyRequest r = promote(u"dev"_s, u"qa"_s);
        auto facts = rd::release::gatherPolicyFacts(*log, dir.filePath(u"locks"_s), r);
        QVERIFY(facts);
        QCOMPARE(facts->lastPromotion, tuesday.addSecs(-100));
        QCOMPARE(facts->recentRollbacks.size(), 1);
        QVERIFY(facts->runningDeploys.isEmpty());
        QVERIFY(!rd::release::checkPolicy(m_workspace, r, *facts).allowed());
    }
};

QTEST_GUILESS_MAIN(TestPolicy)
#include "tst_policy.moc"
