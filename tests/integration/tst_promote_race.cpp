// SPDX-License-Identifier: GPL-3.0-or-later
// The admission race: policy (max_concurrent_deploys) used to be checked before the promotion
// lock was taken, so two instances could both pass. Two engines on two threads, both admitted
// first (the window the old code left open), then run at once against max_concurrent_deploys: 1
// — exactly one deploys, the other is refused by policy (the CLI maps that to exit 3), and the
// refusal is audited.
#include "config/workspaceloader.h"
#include "demo/demoworkspace.h"
#include "release/auditlog.h"
#include "release/releaseengine.h"
#include "release/steps/verifystep.h"

#include <QDir>
#include <QFile>
#include <QSemaphore>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

using namespace Qt::StringLiterals;
using namespace rd;
using namespace rd::release;

namespace {

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

bool writeAll(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(bytes) == bytes.size();
}

} // namespace

class TestPromoteRace : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { VerifyStep::pollInterval = std::chrono::milliseconds(100); }

    void twoEnginesAdmittedAtOnceOnlyOneDeploys()
    {
        QTemporaryDir dir;
        auto created = demo::createDemoWorkspace(dir.path());
        QVERIFY(created);
        qputenv("RELEASEDECK_AUDIT_DB", QDir(dir.path()).filePath(u"audit.sqlite"_s).toUtf8());
        QByteArray yaml = readAll(*created);
        // qa's deploy waits until the test lets it go, so a second deploy surely overlaps it.
        const QByteArray deploy = "      - local: {command: \"mkdir -p state/qa && echo {version} > state/qa/{artifact}.version\"}";
        QVERIFY(yaml.contains(deploy));
        yaml.replace(deploy, "      - local: {command: \"while [ ! -e go ]; do sleep 0.05; done; mkdir -p state/qa && echo {version} > state/qa/{artifact}.version\"}");
        QVERIFY(yaml.contains("policy: {min_interval: 5m, "));
        QVERIFY(yaml.contains("max_concurrent_deploys: 2"));
        // Only the concurrency rule may decide: no minimum interval between promotions into qa.
        yaml.replace("policy: {min_interval: 5m, ", "policy: {");
        yaml.replace("max_concurrent_deploys: 2", "max_concurrent_deploys: 1");
        QVERIFY(writeAll(*created, yaml));
        auto workspace = config::loadWorkspace(*created);
        QVERIFY(workspace);

        // Two artifacts (api and worker), so that the per-artifact lock does not decide it: only the policy can.
        ReleaseEngine api(*workspace);
        ReleaseEngine worker(*workspace);
        auto planApi = api.planPromotion(PromoteRequest{u"api"_s, u"qa"_s, {}, {}});
        auto planWorker = worker.planPromotion(PromoteRequest{u"worker"_s, u"qa"_s, {}, {}});
        QVERIFY(planApi && planWorker);
        QVERIFY(!planApi->plan.steps.isEmpty() && !planWorker->plan.steps.isEmpty());
        // Both pass admission: nothing runs yet. This is the window.
        QVERIFY(api.admit(*planApi, {}));
        QVERIFY(worker.admit(*planWorker, {}));

        QSemaphore done;
        ReleaseOutcome outcomeApi;
        ReleaseOutcome outcomeWorker;
        std::unique_ptr<QThread> threadApi(QThread::create([&] {
            outcomeApi = api.execute(*planApi, {});
            done.release();
        }));
        std::unique_ptr<QThread> threadWorker(QThread::create([&] {
            outcomeWorker = worker.execute(*planWorker, {});
            done.release();
        }));
        threadApi->start();
        threadWorker->start();
        // The refused one returns while the other waits in its deploy step.
        const bool oneReturned = done.tryAcquire(1, 60'000);
        QVERIFY(writeAll(QDir(dir.path()).filePath(u"go"_s), "go"));
        QVERIFY(threadApi->wait(120'000));
        QVERIFY(threadWorker->wait(120'000));
        QVERIFY(oneReturned);

        const int refused = int(outcomeApi.result == ReleaseOutcome::Result::Refused) + int(outcomeWorker.result == ReleaseOutcome::Result::Refused);
        const int succeeded = int(outcomeApi.succeeded()) + int(outcomeWorker.succeeded());
        QVERIFY2(refused == 1 && succeeded == 1,
                 qPrintable(u"api: %1 — %2\nworker: %3 — %4"_s.arg(outcomeApi.resultName(), outcomeApi.message, outcomeWorker.resultName(), outcomeWorker.message)));
        const ReleaseOutcome &loser = outcomeApi.result == ReleaseOutcome::Result::Refused ? outcomeApi : outcomeWorker;
        QVERIFY2(loser.message.contains(u"max_concurrent_deploys is 1"_s), qPrintable(loser.message));
        // Nothing of its plan ran, and its plan outcome does not read as a success (the GUI shows it).
        QVERIFY(!loser.outcome.succeeded());
        QVERIFY(std::all_of(loser.outcome.steps.cbegin(), loser.outcome.steps.cend(),
                            [](const StepRecord &r) { return r.outcome == StepRecord::Outcome::NotRun; }));

        // The refusal is in the audit log, like every attempt.
        auto log = AuditLog::open(*workspace);
        QVERIFY(log);
        auto records = log->records(AuditQuery{});
        QVERIFY(records);
        const bool audited = std::any_of(records->cbegin(), records->cend(), [](const AuditRecord &r) {
            return r.result == u"refused" && r.message.contains(u"max_concurrent_deploys"_s);
        });
        QVERIFY(audited);
    }

    // The gate serialises admissions but never deadlocks a single process: one engine after the
    // other, both succeed (the first has finished, so it no longer counts as running).
    void sequentialDeploysAreNotRefused()
    {
        QTemporaryDir dir;
        auto created = demo::createDemoWorkspace(dir.path());
        QVERIFY(created);
        qputenv("RELEASEDECK_AUDIT_DB", QDir(dir.path()).filePath(u"audit.sqlite"_s).toUtf8());
        QByteArray yaml = readAll(*created);
        yaml.replace("policy: {min_interval: 5m, ", "policy: {");
        yaml.replace("max_concurrent_deploys: 2", "max_concurrent_deploys: 1");
        QVERIFY(writeAll(*created, yaml));
        auto workspace = config::loadWorkspace(*created);
        QVERIFY(workspace);
        ReleaseEngine engine(*workspace);
        for (const QString &artifact : {u"api"_s, u"worker"_s}) {
            auto planned = engine.planPromotion(PromoteRequest{artifact, u"qa"_s, {}, {}});
            QVERIFY(planned);
            QVERIFY(engine.admit(*planned, {}));
            const ReleaseOutcome outcome = engine.execute(*planned, {});
            QVERIFY2(outcome.succeeded(), qPrintable(outcome.message));
        }
    }
};

QTEST_GUILESS_MAIN(TestPromoteRace)
#include "tst_promote_race.moc"
