// SPDX-License-Identifier: GPL-3.0-or-later
// Health over time: the state model (threshold, slowness, history ring, environment roll-up),
// the monitor against a real server on loopback (flapping, transitions, bounded concurrency,
// 1,000 checks at once), and live-version probes and drift on the demo workspace.
#include "config/workspace.h"
#include "config/workspaceloader.h"
#include "demo/demoworkspace.h"
#include "health/checkstate.h"
#include "health/drift.h"
#include "health/healthmonitor.h"
#include "health/versionprobe.h"
#include "httptestserver.h"
#include "release/environmentmatrix.h"
#include "release/matrixloader.h"

#include <QDir>
#include <QFile>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using rd::health::CheckResult;
using rd::health::CheckSpec;
using rd::health::Status;

Q_DECLARE_METATYPE(rd::health::Status)

namespace {

CheckResult outcome(QChar code)
{
    // P: pass, S: slow pass, F: failure, N: could not run.
    CheckResult result;
    result.finishedAt = QDateTime::currentDateTimeUtc();
    switch (code.unicode()) {
    case 'P':
        result.outcome = CheckResult::Outcome::Passed;
        result.latencyMs = 10;
        break;
    case 'S':
        result.outcome = CheckResult::Outcome::Passed;
        result.latencyMs = 4000;
        break;
    case 'F':
        result.outcome = CheckResult::Outcome::Failed;
        result.latencyMs = 10;
        result.error = u"failed"_s;
        break;
    default:
        result.outcome = CheckResult::Outcome::NotRun;
        result.error = u"cannot run"_s;
        break;
    }
    return result;
}

QChar code(Status status)
{
    switch (status) {
    case Status::Healthy:
        return u'H';
    case Status::Degraded:
        return u'g';
    case Status::Down:
        return u'D';
    case Status::Unknown:
        break;
    }
    return u'?';
}

CheckSpec httpSpec(const QString &environment, const QUrl &url, int threshold = 3)
{
    CheckSpec spec;
    spec.environment = environment;
    spec.name = url.path();
    spec.kind = CheckSpec::Kind::Http;
    spec.url = url;
    spec.timeout = 30s;
    spec.interval = 30s;
    spec.failureThreshold = threshold;
    return spec;
}

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(bytes) == bytes.size();
}

const rd::health::Drift *findDrift(const QList<rd::health::Drift> &drifts, const QString &environment,
                                   const QString &artifact)
{
    for (const rd::health::Drift &drift : drifts) {
        if (drift.environment == environment && drift.artifact == artifact)
            return &drift;
    }
    return nullptr;
}

} // namespace

class TestHealthMonitor : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void destroyedWhileCommandsRun();
    void proberDestroyedWhileProbesRun();
    void initTestCase();
    void stateModel_data();
    void stateModel();
    void historyRingIsBounded();
    void environmentStatus_data();
    void environmentStatus();
    void flappingBelowThresholdNeverGoesDown();
    void failuresAtThresholdGoDownAndRecover();
    void oneSlowEndpointDoesNotDelayTheOthers();
    void thousandChecksWithBoundedConcurrency();
    void intervalsRepeat();
    void stopDropsWaitingChecks();
    void demoWorkspaceIsHealthy();
    void probeCommandsAreValidatedAndQuoted();
    void driftOnTheDemoWorkspace();

private:
    // Runs every check once and waits (bounded) until the monitor is idle.
    bool runRound(rd::health::HealthMonitor &monitor);

    rd::test::HttpTestServer m_server;
    QTemporaryDir m_dir;
    QString m_demo;
};

void TestHealthMonitor::initTestCase()
{
    qRegisterMetaType<rd::health::Status>();
    QVERIFY(m_dir.isValid());
    QVERIFY(m_server.listen());
    auto file = rd::demo::createDemoWorkspace(m_dir.filePath(u"demo"_s));
    QVERIFY2(file, file ? "" : qPrintable(file.error().toString()));
    m_demo = *file;
}

bool TestHealthMonitor::runRound(rd::health::HealthMonitor &monitor)
{
    QSignalSpy idle(&monitor, &rd::health::HealthMonitor::idle);
    monitor.runOnce();
    return QTest::qWaitFor([&] { return !idle.isEmpty() && monitor.isIdle(); }, 60'000);
}

void TestHealthMonitor::stateModel_data()
{
    QTest::addColumn<int>("threshold");
    QTest::addColumn<QString>("results");
    QTest::addColumn<QString>("statuses");

    QTest::newRow("passes") << 3 << u"PPP"_s << u"HHH"_s;
    QTest::newRow("flapping below threshold") << 3 << u"FPFPFFPF"_s << u"gHgHggHg"_s;
    QTest::newRow("down at threshold") << 3 << u"FFFF"_s << u"ggDD"_s;
    QTest::newRow("recovers at once") << 3 << u"FFFP"_s << u"ggDH"_s;
    QTest::newRow("threshold 1") << 1 << u"PFP"_s << u"HDH"_s;
    QTest::newRow("slow is degraded") << 3 << u"PSP"_s << u"HgH"_s;
    QTest::newRow("a slow pass resets the failures") << 2 << u"FSF"_s << u"ggg"_s;
    QTest::newRow("cannot run is unknown") << 2 << u"PNP"_s << u"H?H"_s;
    QTest::newRow("unknown keeps the failure count") << 2 << u"FNF"_s << u"g?D"_s;
}

void TestHealthMonitor::stateModel()
{
    QFETCH(int, threshold);
    QFETCH(QString, results);
    QFETCH(QString, statuses);
    rd::health::CheckState state(threshold, 2500ms);
    QCOMPARE(state.status(), Status::Unknown);
    QString seen;
    for (const QChar c : results)
        seen += code(state.apply(outcome(c)));
    QCOMPARE(seen, statuses);
    QCOMPARE(state.history().size(), results.size());
}

void TestHealthMonitor::historyRingIsBounded()
{
    rd::health::CheckState state(3, 2500ms, 5);
    for (int i = 0; i < 12; ++i) {
        CheckResult result = outcome(u'P');
        result.latencyMs = i;
        state.apply(result);
    }
    const QList<rd::health::HistoryPoint> points = state.history().points();
    QCOMPARE(points.size(), 5);
    for (int i = 0; i < 5; ++i)
        QCOMPARE(points[i].latencyMs.value_or(-1), 7 + i); // oldest first, the newest five kept
}

void TestHealthMonitor::environmentStatus_data()
{
    QTest::addColumn<QList<Status>>("checks");
    QTest::addColumn<Status>("expected");
    QTest::newRow("none") << QList<Status>{} << Status::Unknown;
    QTest::newRow("all unknown") << QList<Status>{Status::Unknown, Status::Unknown} << Status::Unknown;
    QTest::newRow("all healthy") << QList<Status>{Status::Healthy, Status::Healthy} << Status::Healthy;
    QTest::newRow("unknown ignored") << QList<Status>{Status::Healthy, Status::Unknown} << Status::Healthy;
    QTest::newRow("one degraded") << QList<Status>{Status::Healthy, Status::Degraded} << Status::Degraded;
    QTest::newRow("some down") << QList<Status>{Status::Healthy, Status::Down} << Status::Degraded;
    QTest::newRow("all down") << QList<Status>{Status::Down, Status::Down, Status::Unknown} << Status::Down;
}

void TestHealthMonitor::environmentStatus()
{
    QFETCH(QList<Status>, checks);
    QFETCH(Status, expected);
    QCOMPARE(rd::health::environmentStatus(checks), expected);
}

void TestHealthMonitor::flappingBelowThresholdNeverGoesDown()
{
    m_server.setSequence(u"flap"_s, {500, 200, 500, 500, 200, 500, 500, 200, 200});
    rd::health::HealthMonitor monitor({httpSpec(u"prod"_s, m_server.url(u"/seq/flap"_s), 3)});
    QSignalSpy transitions(&monitor, &rd::health::HealthMonitor::checkStatusChanged);
    QString seen;
    for (int round = 0; round < 9; ++round) {
        QVERIFY(runRound(monitor));
        seen += code(monitor.state(0).status());
        QVERIFY(monitor.environmentStatus(u"prod"_s) != Status::Down);
    }
    QCOMPARE(seen, u"gHggHggHH"_s);
    QCOMPARE(m_server.requests(u"/seq/flap"_s), 9);
    for (const QList<QVariant> &transition : transitions)
        QVERIFY(transition.at(2).value<Status>() != Status::Down);
}

void TestHealthMonitor::failuresAtThresholdGoDownAndRecover()
{
    m_server.setSequence(u"down"_s, {200, 500, 500, 500, 500, 200});
    rd::health::HealthMonitor monitor(
        {httpSpec(u"prod"_s, m_server.url(u"/seq/down"_s), 3), httpSpec(u"prod"_s, m_server.url(u"/ok"_s), 3)});
    QSignalSpy checkTransitions(&monitor, &rd::health::HealthMonitor::checkStatusChanged);
    QSignalSpy environmentTransitions(&monitor, &rd::health::HealthMonitor::environmentStatusChanged);
    QStringList checkEvents;
    connect(&monitor, &rd::health::HealthMonitor::checkStatusChanged, this,
            [&checkEvents](qsizetype index, Status from, Status to) {
        if (index == 0)
            checkEvents.append(QString(code(from)) + code(to));
    });
    for (int round = 0; round < 6; ++round)
        QVERIFY(runRound(monitor));
    // healthy, then degraded for two failures, down on the third, healthy again at once.
    QCOMPARE(checkEvents, (QStringList{u"?H"_s, u"Hg"_s, u"gD"_s, u"DH"_s}));
    QCOMPARE(monitor.state(0).consecutiveFailures(), 0);
    QCOMPARE(monitor.state(0).history().size(), 6);
    // The environment: one of two checks down is degraded, not down.
    QStringList environmentEvents;
    for (const QList<QVariant> &event : environmentTransitions)
        environmentEvents.append(event.at(0).toString() + u':' + code(event.at(1).value<Status>())
                                 + code(event.at(2).value<Status>()));
    QCOMPARE(environmentEvents, (QStringList{u"prod:?H"_s, u"prod:Hg"_s, u"prod:gH"_s}));
    QVERIFY(!checkTransitions.isEmpty());
}

void TestHealthMonitor::oneSlowEndpointDoesNotDelayTheOthers()
{
    QList<CheckSpec> specs{httpSpec(u"slow"_s, m_server.url(u"/slow/600000"_s))};
    specs.first().timeout = 600s; // it must still be running when the fast ones are done
    for (int i = 0; i < 40; ++i)
        specs.append(httpSpec(u"fast"_s, m_server.url(u"/fast"_s)));
    auto *monitor = new rd::health::HealthMonitor(specs);
    monitor->setMaxConcurrent(2);
    QSignalSpy finished(monitor, &rd::health::HealthMonitor::checkFinished);
    monitor->runOnce();
    // All 40 fast checks finish through the one remaining slot while the slow one still runs.
    QVERIFY(QTest::qWaitFor([&] { return finished.size() == 40; }, 60'000));
    for (const QList<QVariant> &event : finished)
        QVERIFY(event.at(0).value<qsizetype>() != 0);
    QCOMPARE(monitor->state(0).status(), Status::Unknown);
    QVERIFY(!monitor->isIdle());
    QCOMPARE(monitor->environmentStatus(u"fast"_s), Status::Healthy);
    QVERIFY(monitor->peakConcurrency() <= 2);
    delete monitor; // aborts the slow request
}

void TestHealthMonitor::thousandChecksWithBoundedConcurrency()
{
    const int before = m_server.totalRequests();
    QList<CheckSpec> specs;
    for (int i = 0; i < 1000; ++i) {
        const QString environment = u"env%1"_s.arg(i % 10);
        specs.append(httpSpec(environment, m_server.url(i % 100 == 0 ? u"/status/500"_s : u"/many"_s), 1));
    }
    rd::health::HealthMonitor monitor(specs);
    monitor.setMaxConcurrent(32);
    QSignalSpy finished(&monitor, &rd::health::HealthMonitor::checkFinished);
    QVERIFY(runRound(monitor));
    QCOMPARE(finished.size(), 1000);
    QVERIFY2(monitor.peakConcurrency() <= 32, qPrintable(QString::number(monitor.peakConcurrency())));
    QVERIFY(monitor.peakConcurrency() > 1);
    QCOMPARE(m_server.totalRequests() - before, 1000);
    int healthy = 0, down = 0;
    for (int i = 0; i < 1000; ++i) {
        healthy += monitor.state(i).status() == Status::Healthy;
        down += monitor.state(i).status() == Status::Down;
    }
    QCOMPARE(healthy, 990);
    QCOMPARE(down, 10);
    QCOMPARE(monitor.environments().size(), 10);
    QCOMPARE(monitor.environmentStatus(u"env0"_s), Status::Degraded); // its /status/500 checks
    QCOMPARE(monitor.environmentStatus(u"env1"_s), Status::Healthy);
}

void TestHealthMonitor::intervalsRepeat()
{
    CheckSpec spec;
    spec.environment = u"local"_s;
    spec.name = u"true"_s;
    spec.kind = CheckSpec::Kind::Command;
    spec.command = u"true"_s;
    spec.workingDirectory = m_dir.path();
    spec.interval = 100ms;
    spec.timeout = 20s;
    rd::health::HealthMonitor monitor({spec});
    QSignalSpy finished(&monitor, &rd::health::HealthMonitor::checkFinished);
    monitor.start();
    QVERIFY(QTest::qWaitFor([&] { return finished.size() >= 3; }, 60'000));
    monitor.stop();
    QVERIFY(QTest::qWaitFor([&] { return monitor.isIdle(); }, 30'000));
    const qsizetype count = finished.size();
    QTest::qWait(300); // no timer left: nothing more arrives (not a timing assertion: any wait would do)
    QCOMPARE(finished.size(), count);
    QCOMPARE(monitor.state(0).status(), Status::Healthy);
}

void TestHealthMonitor::stopDropsWaitingChecks()
{
    QList<CheckSpec> specs;
    for (int i = 0; i < 3; ++i) {
        CheckSpec spec;
        spec.environment = u"local"_s;
        spec.name = u"sleeper %1"_s.arg(i);
        spec.kind = CheckSpec::Kind::Command;
        spec.command = u"sleep 60"_s;
        spec.workingDirectory = m_dir.path();
        spec.timeout = 300ms;
        specs.append(spec);
    }
    rd::health::HealthMonitor monitor(specs);
    monitor.setMaxConcurrent(1);
    QSignalSpy finished(&monitor, &rd::health::HealthMonitor::checkFinished);
    QSignalSpy idle(&monitor, &rd::health::HealthMonitor::idle);
    monitor.runOnce();
    monitor.stop(); // the first runs on (and is killed at its timeout); the two waiting never start
    QVERIFY(!monitor.isIdle());
    QVERIFY(QTest::qWaitFor([&] { return !idle.isEmpty(); }, 60'000));
    QCOMPARE(finished.size(), 1);
    QCOMPARE(finished.first().at(0).value<qsizetype>(), qsizetype(0));
    QCOMPARE(monitor.state(0).status(), Status::Degraded);
    QVERIFY(monitor.state(0).last().error.contains(u"timed out"_s));
    QCOMPARE(monitor.state(1).status(), Status::Unknown);
    QVERIFY(monitor.isIdle());
}

void TestHealthMonitor::demoWorkspaceIsHealthy()
{
    auto workspace = rd::config::loadWorkspace(m_demo);
    QVERIFY2(workspace, workspace ? "" : qPrintable(workspace.error().first().toString()));
    rd::health::HealthMonitor monitor(rd::health::checkSpecs(*workspace));
    QCOMPARE(monitor.environments(), (QStringList{u"dev"_s, u"qa"_s, u"staging"_s, u"prod"_s}));
    QVERIFY(runRound(monitor));
    for (const QString &environment : monitor.environments())
        QCOMPARE(monitor.environmentStatus(environment), Status::Healthy);

    // The deployed state of staging disappears: its check fails (degraded below the threshold).
    const QString state = QFileInfo(m_demo).absolutePath() + u"/state/staging/api.version"_s;
    QVERIFY(QFile::rename(state, state + u".gone"_s));
    QVERIFY(runRound(monitor));
    QCOMPARE(monitor.environmentStatus(u"staging"_s), Status::Degraded);
    QVERIFY(runRound(monitor));
    QVERIFY(runRound(monitor));
    QCOMPARE(monitor.environmentStatus(u"staging"_s), Status::Down);
    QCOMPARE(monitor.environmentStatus(u"prod"_s), Status::Healthy);
    QVERIFY(QFile::rename(state + u".gone"_s, state));
    QVERIFY(runRound(monitor));
    QCOMPARE(monitor.environmentStatus(u"staging"_s), Status::Healthy);
}

void TestHealthMonitor::probeCommandsAreValidatedAndQuoted()
{
    rd::config::Workspace workspace;
    workspace.artifacts.append(rd::config::Artifact{u"api"_s, {}, {}, {}, {}, {}, {}});
    workspace.artifacts.append(rd::config::Artifact{u"x'; rm -rf ~; '"_s, {}, {}, {}, {}, {}, {}});
    rd::config::VersionProbe probe;
    probe.command.command = u"cat state/{artifact}.version && echo {artifact}"_s;
    probe.http = u"https://example.com/{artifact}/version"_s;

    auto command = rd::health::probeCommand(workspace, probe, u"api"_s);
    QVERIFY(command);
    QCOMPARE(*command, u"cat state/'api'.version && echo 'api'"_s);
    auto url = rd::health::probeUrl(workspace, probe, u"api"_s);
    QVERIFY(url);
    QCOMPARE(url->toString(), u"https://example.com/api/version"_s);

    auto unknown = rd::health::probeCommand(workspace, probe, u"web"_s);
    QVERIFY(!unknown);
    QCOMPARE(unknown.error().message, u"'web' is not an artifact of this workspace"_s);
    auto hostile = rd::health::probeCommand(workspace, probe, u"x'; rm -rf ~; '"_s);
    QVERIFY(!hostile);
    QVERIFY2(hostile.error().message.contains(u"letters, digits"_s), qPrintable(hostile.error().message));

    QCOMPARE(rd::health::parseLiveVersion("v1.2.3\n").value_or(QString()), u"v1.2.3"_s);
    QVERIFY(!rd::health::parseLiveVersion(""));
    QVERIFY(!rd::health::parseLiveVersion("v1\nv2\n"));
    QVERIFY(!rd::health::parseLiveVersion("v1 and more"));
    QVERIFY(!rd::health::parseLiveVersion(QByteArray(300, 'v')));
}

void TestHealthMonitor::driftOnTheDemoWorkspace()
{
    auto workspace = rd::config::loadWorkspace(m_demo);
    QVERIFY2(workspace, workspace ? "" : qPrintable(workspace.error().first().toString()));
    const rd::release::EnvironmentMatrix matrix = rd::release::loadEnvironmentMatrix(*workspace);
    // One prober, run round after round as the window does: each round sees the state anew.
    rd::health::VersionProber prober(*workspace);
    auto probeAll = [&prober]() -> std::optional<QList<rd::health::LiveVersion>> {
        QSignalSpy finished(&prober, &rd::health::VersionProber::finished);
        prober.run();
        if (!QTest::qWaitFor([&] { return !finished.isEmpty(); }, 60'000))
            return std::nullopt;
        return prober.results();
    };

    auto live = probeAll();
    QVERIFY(live);
    QCOMPARE(live->size(), 4 * 3);
    QList<rd::health::Drift> drift = rd::health::computeDrift(matrix, *live);
    QCOMPARE(drift.size(), 12);
    for (const rd::health::Drift &d : drift) {
        if (d.environment == u"prod" && d.artifact == u"worker") {
            // Never deployed there: nothing desired, and the probe finds nothing.
            QCOMPARE(d.state, rd::health::Drift::State::Unknown);
            QCOMPARE(d.desired, QString());
            QVERIFY(!d.error.isEmpty());
        } else {
            QVERIFY2(d.state == rd::health::Drift::State::InSync,
                     qPrintable(d.environment + u'/' + d.artifact + u": "_s + d.error));
            QCOMPARE(d.live, d.desired);
        }
    }
    QCOMPARE(findDrift(drift, u"qa"_s, u"web"_s)->desired, u"v2.3.0"_s);

    // Someone deployed by hand: the live state file says something else.
    const QString folder = QFileInfo(m_demo).absolutePath();
    QVERIFY(writeFile(folder + u"/state/qa/web.version"_s, "v9.9.9\n"));
    live = probeAll();
    QVERIFY(live);
    drift = rd::health::computeDrift(matrix, *live);
    const rd::health::Drift *qaWeb = findDrift(drift, u"qa"_s, u"web"_s);
    QVERIFY(qaWeb);
    QCOMPARE(qaWeb->state, rd::health::Drift::State::Drifted);
    QCOMPARE(qaWeb->desired, u"v2.3.0"_s);
    QCOMPARE(qaWeb->live, u"v9.9.9"_s);
    int drifted = 0;
    for (const rd::health::Drift &d : drift)
        drifted += d.isDrifted();
    QCOMPARE(drifted, 1);

    // A probe printing garbage is not a version: unknown, not drift.
    QVERIFY(writeFile(folder + u"/state/dev/api.version"_s, "two words\n"));
    live = probeAll();
    QVERIFY(live);
    drift = rd::health::computeDrift(matrix, *live);
    QCOMPARE(findDrift(drift, u"dev"_s, u"api"_s)->state, rd::health::Drift::State::Unknown);
    QVERIFY(findDrift(drift, u"dev"_s, u"api"_s)->error.contains(u"not a version"_s));
    QVERIFY(writeFile(folder + u"/state/dev/api.version"_s, "v1.6.0\n"));
    QVERIFY(writeFile(folder + u"/state/qa/web.version"_s, "v2.3.0\n"));
}

// A window closed (or a workspace reloaded) while commands run: the monitor goes away with
// its processes; their dying must not call back into it (this crashed the GUI once).
void TestHealthMonitor::destroyedWhileCommandsRun()
{
    QList<CheckSpec> specs;
    for (int i = 0; i < 8; ++i) {
        CheckSpec spec;
        spec.environment = u"env%1"_s.arg(i % 2);
        spec.name = u"sleep %1"_s.arg(i);
        spec.kind = CheckSpec::Kind::Command;
        spec.command = u"sleep 30"_s;
        spec.workingDirectory = m_dir.path();
        spec.timeout = 60s;
        specs.append(spec);
    }
    QElapsedTimer clock;
    clock.start();
    {
        auto monitor = std::make_unique<rd::health::HealthMonitor>(specs);
        monitor->start();
        QTest::qWait(200); // let the shells start
        QVERIFY(!monitor->isIdle());
    } // destroyed here, mid-run
    QCoreApplication::processEvents();
    QVERIFY2(clock.elapsed() < 25'000, "destroying the monitor waited for the commands to end instead of killing them");
}

void TestHealthMonitor::proberDestroyedWhileProbesRun()
{
    const QByteArray yaml = "version: 1\nname: slow\nregistries:\n  r: {url: \"oci-layout:registry\"}\n"
                            "hosts:\n  here: {local: true}\n"
                            "artifacts:\n  - {name: a, registry: r, image: x/a}\n  - {name: b, registry: r, image: x/b}\n"
                            "environments:\n  - name: dev\n    version_probe: {command: \"sleep 30; echo {artifact}\", host: here}\n";
    auto workspace = rd::config::parseWorkspace(yaml, m_dir.filePath(u"slow.yaml"_s));
    QVERIFY2(workspace, workspace ? "" : qPrintable(workspace.error().first().toString()));
    QElapsedTimer clock;
    clock.start();
    {
        rd::health::VersionProber prober(*workspace);
        prober.run();
        QTest::qWait(200); // the probes' shells are running
        QVERIFY(!prober.isFinished());
    } // destroyed mid-run: its processes die without calling back into it
    QCoreApplication::processEvents();
    QVERIFY2(clock.elapsed() < 25'000, "destroying the prober waited for the probes to end");
}

QTEST_GUILESS_MAIN(TestHealthMonitor)
#include "tst_healthmonitor.moc"
