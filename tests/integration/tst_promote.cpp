// SPDX-License-Identifier: GPL-3.0-or-later
// Promote and rollback end to end. On the demo workspace (OCI layout registry, git repository
// with environment branches, `local:` deploy commands writing state/<env>/<artifact>.version,
// command health checks): dev → qa → staging → prod, rollback, verification failure and
// automatic rollback, a failed redeploy falling back to an older version, two promotions at
// once. Against real peers: a real docker-registry (images pushed by skopeo) and a real bare
// git remote: the push, a remote branch moved between plan and push, a failing deploy, and the
// registry killed (by PID) right after the retag so that taking it back fails.
#include "processrun.h"
#include "registryserver.h"
#include "testdata.h"

#include "config/workspaceloader.h"
#include "demo/demoworkspace.h"
#include "git/refupdates.h"
#include "git/repository.h"
#include "registry/ocilayout.h"
#include "registry/registrybackend.h"
#include "release/releaseengine.h"
#include "release/steps/verifystep.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
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

rd::test::ProcessRun runGit(const QStringList &arguments)
{
    return rd::test::runProcess(u"git"_s, arguments);
}

// A demo workspace in a temporary folder, its YAML editable before loading.
struct Demo
{
    QTemporaryDir dir;
    QString file;

    bool create()
    {
        auto created = demo::createDemoWorkspace(dir.path());
        if (!created)
            return false;
        // Each workspace its own audit log (and promotion locks next to it): policy rules such
        // as min_interval must not see another test's promotions.
        qputenv("RELEASEDECK_AUDIT_DB", QDir(dir.path()).filePath(u"audit.sqlite"_s).toUtf8());
        file = *created;
        return true;
    }
    QString path(const QString &relative) const { return QDir(dir.path()).filePath(relative); }
    void edit(const QByteArray &before, const QByteArray &after)
    {
        QByteArray yaml = readAll(file);
        QVERIFY2(yaml.contains(before), before.constData());
        yaml.replace(before, after);
        QVERIFY(writeAll(file, yaml));
    }
    std::optional<config::Workspace> load() const
    {
        auto loaded = config::loadWorkspace(file);
        if (!loaded) {
            for (const Error &e : loaded.error())
                qWarning() << e.toString();
            return std::nullopt;
        }
        return *loaded;
    }
    QString deployed(const QString &env, const QString &artifact = u"api"_s) const
    {
        return QString::fromUtf8(readAll(path(u"state/%1/%2.version"_s.arg(env, artifact)))).trimmed();
    }
    // The digest an OCI-layout tag names right now (a fresh backend: nothing cached).
    QString layoutDigest(const QString &tag, const QString &image = u"hockey/api"_s) const
    {
        registry::OciLayoutBackend backend(path(u"registry"_s));
        auto digest = backend.resolveTag(image, tag);
        return digest ? *digest : QString();
    }
    QString commitOf(const QString &version) const
    {
        registry::OciLayoutBackend backend(path(u"registry"_s));
        auto digest = backend.resolveTag(u"hockey/api"_s, version);
        if (!digest)
            return {};
        auto config = backend.imageConfig(u"hockey/api"_s, *digest);
        return config ? config->revision() : QString();
    }
};

ReleaseOutcome promote(ReleaseEngine &engine, const QString &env, const QString &confirm = {}, QStringList *lines = nullptr)
{
    auto planned = engine.planPromotion(PromoteRequest{u"api"_s, env, {}, {}});
    if (!planned) {
        ReleaseOutcome failed;
        failed.message = u"planning failed: "_s + planned.error().message;
        return failed;
    }
    if (auto admitted = engine.admit(*planned, Admission{confirm, {}}); !admitted) {
        ReleaseOutcome refused;
        refused.result = ReleaseOutcome::Result::Refused;
        refused.message = admitted.error().message;
        return refused;
    }
    return engine.execute(*planned, [lines](const Plan &, const StepEvent &e) {
        if (lines && (e.kind == StepEvent::Kind::Failed || e.kind == StepEvent::Kind::UndoFailed || e.kind == StepEvent::Kind::Output))
            lines->append(e.text);
    });
}

} // namespace

class TestPromote : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        VerifyStep::pollInterval = std::chrono::milliseconds(100);
    }

    void demoPromotesThroughEveryEnvironment()
    {
        Demo demo;
        QVERIFY(demo.create());
        auto workspace = demo.load();
        QVERIFY(workspace);
        ReleaseEngine engine(*workspace);
        const QString v160 = demo.layoutDigest(u"v1.6.0"_s);
        QVERIFY(!v160.isEmpty());

        for (const QString &env : {u"qa"_s, u"staging"_s, u"prod"_s}) {
            auto planned = engine.planPromotion(PromoteRequest{u"api"_s, env, {}, {}});
            QVERIFY2(planned, qPrintable(planned ? QString() : planned.error().message));
            QCOMPARE(planned->plan.to, u"v1.6.0"_s);
            QCOMPARE(planned->plan.steps.first()->kind(), u"registry-retag"_s);
            QCOMPARE(planned->plan.steps.last()->kind(), u"wait-healthy"_s);
            if (env == u"prod") {
                auto refused = engine.admit(*planned, Admission{});
                QVERIFY(!refused);
                QCOMPARE(refused.error().code, RefusedCode);
                QVERIFY(!engine.admit(*planned, Admission{u"staging"_s, {}}));
            }
            QVERIFY(engine.admit(*planned, Admission{env, {}}));
            const ReleaseOutcome outcome = engine.execute(*planned, {});
            QVERIFY2(outcome.succeeded(), qPrintable(outcome.message));
            QCOMPARE(demo.layoutDigest(env), v160);
            QCOMPARE(demo.deployed(env), u"v1.6.0"_s);
            auto tag = git::tagCommit(demo.path(u"repo"_s), env + u"-v1.6.0"_s);
            QVERIFY(tag && tag->has_value());
            QCOMPARE(**tag, planned->commit);
            FileDeploymentStateStore states(FileDeploymentStateStore::defaultPath(demo.dir.path()));
            auto state = states.state(u"api"_s, env);
            QVERIFY(state && state->has_value());
            QVERIFY((*state)->phase == DeploymentPhase::Deployed);
            QCOMPARE((*state)->version, u"v1.6.0"_s);
        }
        // Nothing else moved: web in prod still runs what it ran.
        QCOMPARE(demo.deployed(u"prod"_s, u"web"_s), u"v2.2.1"_s);
        // Promoting again: qa already runs it.
        auto again = engine.planPromotion(PromoteRequest{u"api"_s, u"qa"_s, {}, {}});
        QVERIFY(!again);
        QVERIFY2(again.error().message.contains(u"already runs"_s), qPrintable(again.error().message));
    }

    void demoRollbackGoesToThePreviousVersion()
    {
        Demo demo;
        QVERIFY(demo.create());
        auto workspace = demo.load();
        QVERIFY(workspace);
        ReleaseEngine engine(*workspace);
        const QString before = demo.layoutDigest(u"qa"_s);
        QVERIFY(promote(engine, u"qa"_s).succeeded());
        auto planned = engine.planRollback(RollbackRequest{u"api"_s, u"qa"_s, {}});
        QVERIFY2(planned, qPrintable(planned ? QString() : planned.error().message));
        QCOMPARE(planned->plan.from, u"v1.6.0"_s);
        QCOMPARE(planned->plan.to, u"v1.5.1"_s);
        QVERIFY(engine.admit(*planned, {}));
        const ReleaseOutcome outcome = engine.execute(*planned, {});
        QVERIFY2(outcome.succeeded(), qPrintable(outcome.message));
        QCOMPARE(demo.layoutDigest(u"qa"_s), before);
        QCOMPARE(demo.deployed(u"qa"_s), u"v1.5.1"_s);
        // A chosen version that does not exist is a usage error naming it.
        auto missing = engine.planRollback(RollbackRequest{u"api"_s, u"qa"_s, u"v0.0.7"_s});
        QVERIFY(!missing);
        QVERIFY(missing.error().message.contains(u"v0.0.7"_s));
    }

    void verifyFailureRollsBackAutomatically()
    {
        Demo demo;
        QVERIFY(demo.create());
        // qa is healthy unless it runs v1.6.0; verification gives up after 1 s.
        demo.edit("command: \"test -s state/qa/api.version\"", "command: \"! grep -q v1.6.0 state/qa/api.version\"");
        demo.edit("    tag: qa\n", "    tag: qa\n    verify_timeout: 1s\n");
        auto workspace = demo.load();
        QVERIFY(workspace);
        ReleaseEngine engine(*workspace);
        const QString before = demo.layoutDigest(u"qa"_s);
        const QString branchBefore = git::Repository::open(demo.path(u"repo"_s))->branchTip(u"env/qa"_s).value_or(QString());
        const ReleaseOutcome outcome = promote(engine, u"qa"_s);
        QVERIFY(outcome.result == ReleaseOutcome::Result::Failed);
        QVERIFY2(outcome.message.contains(u"rolled back automatically"_s), qPrintable(outcome.message));
        QVERIFY2(outcome.message.contains(u"qa: v1.5.1"_s), qPrintable(outcome.message));
        QCOMPARE(demo.layoutDigest(u"qa"_s), before);
        QCOMPARE(demo.deployed(u"qa"_s), u"v1.5.1"_s);
        QCOMPARE(git::Repository::open(demo.path(u"repo"_s))->branchTip(u"env/qa"_s).value_or(QString()), branchBefore);
        auto tag = git::tagCommit(demo.path(u"repo"_s), u"qa-v1.6.0"_s);
        QVERIFY(tag && !tag->has_value());
        FileDeploymentStateStore states(FileDeploymentStateStore::defaultPath(demo.dir.path()));
        auto state = states.state(u"api"_s, u"qa"_s);
        QVERIFY(state && state->has_value());
        QVERIFY((*state)->phase == DeploymentPhase::RolledBack);
    }

    void failedRedeployFallsBackToAnOlderVersion()
    {
        Demo demo;
        QVERIFY(demo.create());
        demo.edit("command: \"test -s state/qa/api.version\"", "command: \"! grep -q v1.6.0 state/qa/api.version\"");
        demo.edit("    tag: qa\n", "    tag: qa\n    verify_timeout: 1s\n");
        // Redeploying v1.5.1 to qa fails (say its image was pruned from the hosts).
        demo.edit("      - local: {command: \"mkdir -p state/qa && echo {version} > state/qa/{artifact}.version\"}",
                  "      - local: {command: \"test {version} != v1.5.1 && mkdir -p state/qa && echo {version} > state/qa/{artifact}.version\"}");
        auto workspace = demo.load();
        QVERIFY(workspace);
        ReleaseEngine engine(*workspace);
        const ReleaseOutcome outcome = promote(engine, u"qa"_s);
        QVERIFY(outcome.result == ReleaseOutcome::Result::Failed);
        QVERIFY(outcome.outcome.result == PlanOutcome::Result::UndoFailed);
        QCOMPARE(outcome.recoveries.size(), 1);
        const QString older = outcome.recoveries.first().plan.to;
        QVERIFY2(older == u"v1.5.0"_s, qPrintable(older));
        QVERIFY2(outcome.recoveryOutcomes.first().succeeded(), qPrintable(outcome.recoveryOutcomes.first().message));
        QVERIFY2(outcome.message.contains(u"older known-good v1.5.0"_s), qPrintable(outcome.message));
        QCOMPARE(demo.deployed(u"qa"_s), u"v1.5.0"_s);
        QCOMPARE(demo.layoutDigest(u"qa"_s), demo.layoutDigest(u"v1.5.0"_s));
        QVERIFY2(outcome.message.contains(u"qa: v1.5.0"_s), qPrintable(outcome.message));
    }

    void twoPromotionsAtOnceOneIsRefused()
    {
        Demo demo;
        QVERIFY(demo.create());
        // qa's deploy waits until the test lets it go, so the second promotion surely overlaps.
        demo.edit("      - local: {command: \"mkdir -p state/qa && echo {version} > state/qa/{artifact}.version\"}",
                  "      - local: {command: \"while [ ! -e go ]; do sleep 0.05; done; mkdir -p state/qa && echo {version} > state/qa/{artifact}.version\"}");
        auto workspace = demo.load();
        QVERIFY(workspace);
        ReleaseEngine first(*workspace);
        ReleaseEngine second(*workspace);
        auto planA = first.planPromotion(PromoteRequest{u"api"_s, u"qa"_s, {}, {}});
        auto planB = second.planPromotion(PromoteRequest{u"api"_s, u"qa"_s, {}, {}});
        QVERIFY(planA && planB);
        QSemaphore deploying;
        ReleaseOutcome outcomeA;
        std::unique_ptr<QThread> thread(QThread::create([&] {
            outcomeA = first.execute(*planA, [&](const Plan &plan, const StepEvent &e) {
                if (e.kind == StepEvent::Kind::Started && plan.steps.at(e.step)->kind() == u"local")
                    deploying.release();
            });
        }));
        thread->start();
        QVERIFY(deploying.tryAcquire(1, 60'000));
        const ReleaseOutcome outcomeB = second.execute(*planB, {});
        // Let the first one finish before checking anything, so a failed check cannot hang it.
        QVERIFY(writeAll(demo.path(u"go"_s), "go"));
        QVERIFY(outcomeB.result == ReleaseOutcome::Result::Refused);
        QVERIFY2(outcomeB.message.contains(u"api in qa is locked"_s) && outcomeB.message.contains(u"promoting v1.6.0"_s), qPrintable(outcomeB.message));
        QVERIFY(thread->wait(60'000));
        QVERIFY2(outcomeA.succeeded(), qPrintable(outcomeA.message));
        QCOMPARE(demo.deployed(u"qa"_s), u"v1.6.0"_s);
    }

    void cliPlansConfirmsAndRefuses()
    {
        Demo demo;
        QVERIFY(demo.create());
        const QString cli = rd::test::binaryPath(u"releasedeck-cli"_s);
        const QString before = demo.layoutDigest(u"qa"_s);

        auto dry = rd::test::runProcess(cli, {u"-w"_s, demo.file, u"promote"_s, u"api"_s, u"--to"_s, u"qa"_s, u"--dry-run"_s, u"--json"_s});
        QVERIFY2(dry.exitCode == 0, qPrintable(dry.describe()));
        const QJsonObject planned = QJsonDocument::fromJson(dry.out.toUtf8()).object();
        QCOMPARE(planned.value(u"result"_s).toString(), u"planned"_s);
        QCOMPARE(planned.value(u"from"_s).toString(), u"v1.5.1"_s);
        QCOMPARE(planned.value(u"to"_s).toString(), u"v1.6.0"_s);
        QStringList kinds;
        for (const QJsonValue &step : planned.value(u"plan"_s).toArray())
            kinds.append(step.toObject().value(u"step"_s).toString());
        QVERIFY2(kinds.contains(u"registry-retag"_s) && kinds.contains(u"local"_s) && kinds.contains(u"wait-healthy"_s), qPrintable(kinds.join(u' ')));
        QCOMPARE(demo.layoutDigest(u"qa"_s), before);

        // No terminal and no --yes: the plan is shown, nothing runs, exit 2.
        auto unconfirmed = rd::test::runProcess(cli, {u"-w"_s, demo.file, u"promote"_s, u"api"_s, u"--to"_s, u"qa"_s});
        QCOMPARE(unconfirmed.exitCode, 2);
        QVERIFY(unconfirmed.out.contains(u"Point registry tag hockey/api:qa"_s));
        QCOMPARE(demo.layoutDigest(u"qa"_s), before);

        // A protected environment without its typed name: refused, exit 3.
        auto prod = rd::test::runProcess(cli, {u"-w"_s, demo.file, u"promote"_s, u"api"_s, u"--to"_s, u"prod"_s, u"--yes"_s, u"--json"_s});
        QCOMPARE(prod.exitCode, 3);
        QCOMPARE(QJsonDocument::fromJson(prod.out.toUtf8()).object().value(u"result"_s).toString(), u"refused"_s);

        auto ran = rd::test::runProcess(cli, {u"-w"_s, demo.file, u"promote"_s, u"api"_s, u"--to"_s, u"qa"_s, u"--yes"_s, u"--json"_s});
        QVERIFY2(ran.exitCode == 0, qPrintable(ran.describe()));
        const QJsonObject result = QJsonDocument::fromJson(ran.out.toUtf8()).object();
        QCOMPARE(result.value(u"result"_s).toString(), u"succeeded"_s);
        QCOMPARE(demo.deployed(u"qa"_s), u"v1.6.0"_s);

        auto back = rd::test::runProcess(cli, {u"-w"_s, demo.file, u"rollback"_s, u"api"_s, u"--env"_s, u"qa"_s, u"--yes"_s});
        QVERIFY2(back.exitCode == 0, qPrintable(back.describe()));
        QCOMPARE(demo.deployed(u"qa"_s), u"v1.5.1"_s);

        auto unknown = rd::test::runProcess(cli, {u"-w"_s, demo.file, u"promote"_s, u"nope"_s, u"--to"_s, u"qa"_s, u"--yes"_s});
        QCOMPARE(unknown.exitCode, 2);
    }

    // --- against a real registry and a real bare git remote ---

    void realPeers_data()
    {
        QTest::addColumn<QString>("scenario");
        QTest::newRow("promote and push") << u"ok"_s;
        QTest::newRow("remote branch moved before push") << u"remote-moved"_s;
        QTest::newRow("deploy fails, retag undone") << u"deploy-fails"_s;
        QTest::newRow("registry dies after the retag") << u"registry-dies"_s;
    }

    void realPeers()
    {
        QFETCH(QString, scenario);
        rd::test::RegistryServer server;
        QVERIFY2(server.isRunning(), qPrintable(server.error()));
        Demo demo;
        QVERIFY(demo.create());

        // The demo's api images, pushed into the real registry by skopeo.
        for (const QString &tag : {u"v1.6.0"_s, u"v1.5.1"_s, u"v1.5.0"_s, u"dev"_s, u"qa"_s, u"staging"_s, u"prod"_s}) {
            auto copied = rd::test::runProcess(u"skopeo"_s, {u"--insecure-policy"_s, u"copy"_s, u"--dest-tls-verify=false"_s,
                                                             u"oci:%1:%2"_s.arg(demo.path(u"registry/hockey/api"_s), tag),
                                                             u"docker://%1/hockey/api:%2"_s.arg(server.hostPort(), tag)});
            QVERIFY2(copied.exitCode == 0, qPrintable(copied.describe()));
        }
        demo.edit("demo: {url: \"oci-layout:registry\"}", QString(u"demo: {url: \"%1\", insecure: true}"_s.arg(server.url())).toUtf8());
        // qa's deploy records every version it deployed; it fails when the scenario says so.
        const QByteArray deploy = scenario == u"deploy-fails" || scenario == u"registry-dies"
            ? "echo deploying {version} >> deployed.log && exit 3"
            : "echo {version} >> deployed.log && mkdir -p state/qa && echo {version} > state/qa/{artifact}.version";
        demo.edit("      - local: {command: \"mkdir -p state/qa && echo {version} > state/qa/{artifact}.version\"}",
                  "      - local: {command: \"" + deploy + "\"}");

        // env/qa at v1.5.1's commit, so promoting v1.6.0 is a fast-forward; a bare remote as origin.
        const QString repo = demo.path(u"repo"_s);
        const QString oldTip = demo.commitOf(u"v1.5.1"_s);
        QVERIFY(!oldTip.isEmpty());
        QVERIFY(runGit({u"-C"_s, repo, u"update-ref"_s, u"refs/heads/env/qa"_s, oldTip}).exitCode == 0);
        const QString remote = demo.path(u"remote.git"_s);
        QVERIFY(runGit({u"clone"_s, u"--bare"_s, u"-q"_s, repo, remote}).exitCode == 0);
        QVERIFY(runGit({u"-C"_s, repo, u"remote"_s, u"add"_s, u"origin"_s, remote}).exitCode == 0);
        auto remoteTip = [&](const QString &ref) {
            return runGit({u"-C"_s, remote, u"rev-parse"_s, u"-q"_s, u"--verify"_s, ref}).out.trimmed();
        };

        auto workspace = demo.load();
        QVERIFY(workspace);
        ReleaseEngine engine(*workspace);
        auto backend = registry::openRegistry(*workspace->registry(u"demo"_s), *workspace);
        QVERIFY(backend);
        auto registryDigest = [&](const QString &tag) {
            auto d = (*backend)->resolveTag(u"hockey/api"_s, tag);
            return d ? *d : QString();
        };
        const QString qaBefore = registryDigest(u"qa"_s);
        QCOMPARE(qaBefore, registryDigest(u"v1.5.1"_s));

        auto planned = engine.planPromotion(PromoteRequest{u"api"_s, u"qa"_s, {}, {}});
        QVERIFY2(planned, qPrintable(planned ? QString() : planned.error().message));
        QStringList kinds;
        for (const auto &step : planned->plan.steps)
            kinds.append(step->kind());
        QCOMPARE(kinds.join(u'|'), (QStringList{u"registry-retag"_s, u"git-branch"_s, u"git-tag"_s, u"git-push"_s, u"local"_s, u"wait-healthy"_s}).join(u'|'));
        const QString newTip = planned->commit;

        QString movedTo;
        if (scenario == u"remote-moved") {
            // Someone pushes env/qa elsewhere after the plan was made.
            movedTo = demo.commitOf(u"v1.5.0"_s);
            QVERIFY(runGit({u"-C"_s, remote, u"update-ref"_s, u"refs/heads/env/qa"_s, movedTo}).exitCode == 0);
        }
        const ReleaseOutcome outcome = engine.execute(*planned, [&](const Plan &, const StepEvent &e) {
            if (scenario == u"registry-dies" && e.kind == StepEvent::Kind::Finished && e.step == 0)
                server.kill();
        });
        const QString deployLog = QString::fromUtf8(readAll(demo.path(u"deployed.log"_s)));

        if (scenario == u"ok") {
            QVERIFY2(outcome.succeeded(), qPrintable(outcome.message));
            QCOMPARE(registryDigest(u"qa"_s), registryDigest(u"v1.6.0"_s));
            QCOMPARE(remoteTip(u"refs/heads/env/qa"_s), newTip);
            QCOMPARE(remoteTip(u"refs/tags/qa-v1.6.0^{commit}"_s), newTip);
            QCOMPARE(deployLog, u"v1.6.0\n"_s);
        } else if (scenario == u"remote-moved") {
            QVERIFY(outcome.result == ReleaseOutcome::Result::Failed);
            QVERIFY2(outcome.message.contains(u"not at"_s) && outcome.message.contains(u"nothing was pushed"_s), qPrintable(outcome.message));
            QCOMPARE(outcome.outcome.failedStep, 3);
            QCOMPARE(registryDigest(u"qa"_s), qaBefore);                 // retag undone
            QCOMPARE(remoteTip(u"refs/heads/env/qa"_s), movedTo);         // theirs stands
            QCOMPARE(remoteTip(u"refs/tags/qa-v1.6.0"_s), QString());
            QCOMPARE(git::Repository::open(repo)->branchTip(u"env/qa"_s).value_or(QString()), oldTip);
            auto tag = git::tagCommit(repo, u"qa-v1.6.0"_s);
            QVERIFY(tag && !tag->has_value());
            QVERIFY(deployLog.isEmpty());
        } else if (scenario == u"deploy-fails") {
            QVERIFY(outcome.result == ReleaseOutcome::Result::Failed);
            QVERIFY(outcome.outcome.result == PlanOutcome::Result::Failed);
            QVERIFY2(outcome.message.contains(u"exited with status 3"_s), qPrintable(outcome.message));
            QCOMPARE(registryDigest(u"qa"_s), qaBefore);
            QCOMPARE(remoteTip(u"refs/heads/env/qa"_s), oldTip);          // push taken back
            QCOMPARE(remoteTip(u"refs/tags/qa-v1.6.0"_s), QString());
            QCOMPARE(deployLog, u"deploying v1.6.0\n"_s);
        } else {
            QVERIFY(outcome.result == ReleaseOutcome::Result::Failed);
            QVERIFY(outcome.outcome.result == PlanOutcome::Result::UndoFailed);
            QVERIFY(outcome.outcome.steps.at(0).outcome == StepRecord::Outcome::UndoFailed);
            // The report says the registry tag is still moved, and what the rest is.
            QVERIFY2(outcome.message.contains(u"step 1 (Point registry tag hockey/api:qa"_s), qPrintable(outcome.message));
            QVERIFY2(outcome.message.contains(u"still in effect"_s), qPrintable(outcome.message));
            QVERIFY2(outcome.message.contains(u"registry unreadable"_s), qPrintable(outcome.message));
            QCOMPARE(remoteTip(u"refs/heads/env/qa"_s), oldTip);          // git was taken back
            QCOMPARE(git::Repository::open(repo)->branchTip(u"env/qa"_s).value_or(QString()), oldTip);
        }
    }

    // also_tag: [latest] on qa (on the OCI layout: [edge]), against the real registry: :qa then :latest point at the promoted
    // version; a failed deploy takes each back on its own — an existing :latest to its old image,
    // a new one deleted, which Distribution 2.8 refuses while v1.6.0 names the same image (a
    // truthful undo failure naming it). The OCI layout can delete one tag: there it goes cleanly.
    void alsoTagLatest_data()
    {
        QTest::addColumn<QString>("scenario");
        QTest::newRow("registry: latest moves") << u"ok"_s;
        QTest::newRow("registry: deploy fails, latest restored") << u"restore"_s;
        QTest::newRow("registry: deploy fails, new latest cannot be deleted alone") << u"new"_s;
        QTest::newRow("oci layout: deploy fails, new latest deleted") << u"layout-new"_s;
    }

    void alsoTagLatest()
    {
        QFETCH(QString, scenario);
        const bool layout = scenario == u"layout-new";
        std::unique_ptr<rd::test::RegistryServer> server;
        Demo demo;
        QVERIFY(demo.create());
        if (!layout) {
            server = std::make_unique<rd::test::RegistryServer>();
            QVERIFY2(server->isRunning(), qPrintable(server->error()));
            QStringList tags{u"v1.6.0"_s, u"v1.5.1"_s, u"dev"_s, u"qa"_s};
            for (const QString &tag : std::as_const(tags)) {
                auto copied = rd::test::runProcess(u"skopeo"_s, {u"--insecure-policy"_s, u"copy"_s, u"--dest-tls-verify=false"_s,
                                                                 u"oci:%1:%2"_s.arg(demo.path(u"registry/hockey/api"_s), tag),
                                                                 u"docker://%1/hockey/api:%2"_s.arg(server->hostPort(), tag)});
                QVERIFY2(copied.exitCode == 0, qPrintable(copied.describe()));
            }
            if (scenario != u"new") {   // :latest exists, at what qa runs (v1.5.1)
                auto copied = rd::test::runProcess(u"skopeo"_s, {u"--insecure-policy"_s, u"copy"_s, u"--dest-tls-verify=false"_s,
                                                                 u"oci:%1:v1.5.1"_s.arg(demo.path(u"registry/hockey/api"_s)),
                                                                 u"docker://%1/hockey/api:latest"_s.arg(server->hostPort())});
                QVERIFY2(copied.exitCode == 0, qPrintable(copied.describe()));
            }
            demo.edit("demo: {url: \"oci-layout:registry\"}", QString(u"demo: {url: \"%1\", insecure: true}"_s.arg(server->url())).toUtf8());
        }
        // The demo's OCI layout already has :latest; there the extra tag is a new one, :edge.
        const QString extra = layout ? u"edge"_s : u"latest"_s;
        demo.edit("    tag: qa\n", QByteArray("    tag: qa\n    also_tag: [" + extra.toUtf8() + "]\n"));
        if (scenario != u"ok")
            demo.edit("      - local: {command: \"mkdir -p state/qa && echo {version} > state/qa/{artifact}.version\"}",
                      "      - local: {command: \"exit 3\"}");
        auto workspace = demo.load();
        QVERIFY(workspace);
        auto backend = registry::openRegistry(*workspace->registry(u"demo"_s), *workspace);
        QVERIFY(backend);
        auto digestOf = [&](const QString &tag) {
            auto d = (*backend)->resolveTag(u"hockey/api"_s, tag);
            return d ? *d : QString();
        };
        const QString v160 = digestOf(u"v1.6.0"_s);
        const QString latestBefore = digestOf(extra);
        QCOMPARE(latestBefore.isEmpty(), scenario == u"new" || layout);

        ReleaseEngine engine(*workspace);
        auto planned = engine.planPromotion(PromoteRequest{u"api"_s, u"qa"_s, {}, {}});
        QVERIFY2(planned, qPrintable(planned ? QString() : planned.error().message));
        QCOMPARE(planned->plan.steps.at(0)->description().left(29), u"Point registry tag hockey/api"_s.left(29));
        QVERIFY2(planned->plan.steps.at(1)->description().startsWith(u"Point registry tag hockey/api:%1 at v1.6.0"_s.arg(extra)),
                 qPrintable(planned->plan.steps.at(1)->description()));
        QVERIFY(engine.admit(*planned, {}));
        const ReleaseOutcome outcome = engine.execute(*planned, {});

        if (scenario == u"ok") {
            QVERIFY2(outcome.succeeded(), qPrintable(outcome.message));
            QCOMPARE(digestOf(u"qa"_s), v160);
            QCOMPARE(digestOf(u"latest"_s), v160);
        } else if (scenario == u"restore") {
            QVERIFY(outcome.outcome.result == PlanOutcome::Result::Failed);
            QVERIFY2(outcome.message.contains(u"exited with status 3"_s), qPrintable(outcome.message));
            QCOMPARE(digestOf(u"latest"_s), latestBefore);
            QCOMPARE(digestOf(u"qa"_s), latestBefore);
        } else if (scenario == u"new") {
            QVERIFY(outcome.outcome.result == PlanOutcome::Result::UndoFailed);
            QVERIFY(outcome.outcome.steps.at(1).outcome == StepRecord::Outcome::UndoFailed);
            QVERIFY(outcome.outcome.steps.at(0).outcome == StepRecord::Outcome::Undone);
            QVERIFY2(outcome.message.contains(u"hockey/api:latest"_s), qPrintable(outcome.message));
            QVERIFY2(outcome.outcome.steps.at(1).error.contains(u"deletes by digest only"_s), qPrintable(outcome.outcome.steps.at(1).error));
            QCOMPARE(digestOf(u"latest"_s), v160);                  // left where it is, and the report says so
            QCOMPARE(digestOf(u"qa"_s), digestOf(u"v1.5.1"_s));     // qa itself was taken back
        } else {
            QVERIFY2(outcome.outcome.result == PlanOutcome::Result::Failed, qPrintable(outcome.message));
            QCOMPARE(demo.layoutDigest(extra), QString());   // deleted again
            QCOMPARE(demo.layoutDigest(u"qa"_s), demo.layoutDigest(u"v1.5.1"_s));
            QCOMPARE(demo.layoutDigest(u"v1.6.0"_s), v160);        // nothing else touched
        }
    }
};

QTEST_GUILESS_MAIN(TestPromote)
#include "tst_promote.moc"
