// SPDX-License-Identifier: GPL-3.0-or-later
// health [--json] [--watch]: runs every health check (and every version probe, for drift)
// once and reports, or keeps polling and prints transitions until SIGINT/SIGTERM.
#include "commands.h"

#include "config/workspaceloader.h"
#include "health/checkrunner.h"
#include "health/drift.h"
#include "health/healthmonitor.h"
#include "health/versionprobe.h"
#include "release/matrixloader.h"

#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSocketNotifier>
#include <QTextStream>
#include <QThread>

#include <csignal>
#include <fcntl.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace rd::cli {

namespace {

QJsonValue latencyJson(const health::CheckResult &result)
{
    return result.latencyMs ? QJsonValue(double(*result.latencyMs)) : QJsonValue(QJsonValue::Null);
}

QJsonValue textOrNull(const QString &text)
{
    return text.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(text);
}

QString table(const QList<QStringList> &rows)
{
    QList<qsizetype> widths;
    for (const QStringList &row : rows) {
        for (qsizetype i = 0; i < row.size(); ++i) {
            if (widths.size() <= i)
                widths.append(0);
            widths[i] = std::max(widths[i], row[i].size());
        }
    }
    QString text;
    for (const QStringList &row : rows) {
        QString line;
        for (qsizetype i = 0; i < row.size(); ++i)
            line += i + 1 < row.size() ? row[i].leftJustified(widths[i] + 2) : row[i];
        text += line.trimmed() + u'\n';
    }
    return text;
}

// SIGINT and SIGTERM end --watch cleanly: the handler only writes a byte to a pipe, and the
// event loop reads it.
int signalPipe[2] = {-1, -1};

void onSignal(int)
{
    const char byte = 1;
    [[maybe_unused]] const ssize_t written = ::write(signalPipe[1], &byte, 1);
}

bool installSignalHandlers()
{
    if (::pipe2(signalPipe, O_CLOEXEC | O_NONBLOCK) != 0)
        return false;
    struct sigaction action = {};
    action.sa_handler = onSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    return ::sigaction(SIGINT, &action, nullptr) == 0 && ::sigaction(SIGTERM, &action, nullptr) == 0;
}

int runOnce(const config::Workspace &workspace, bool json)
{
    health::HealthMonitor monitor(health::checkSpecs(workspace));
    // One look has no history to smooth over: a check that fails now is down now.
    monitor.setFailureThresholdOverride(1);

    bool wantDrift = false;
    for (const config::Environment &environment : workspace.environments)
        wantDrift = wantDrift || environment.versionProbe.has_value();

    health::VersionProber prober(workspace);
    release::EnvironmentMatrix matrix;
    QThread *matrixThread = nullptr;
    QEventLoop loop;
    auto maybeQuit = [&] {
        if (monitor.isIdle() && (!wantDrift || (prober.isFinished() && matrixThread->isFinished())))
            loop.quit();
    };
    QObject::connect(&monitor, &health::HealthMonitor::idle, &loop, maybeQuit, Qt::QueuedConnection);
    if (wantDrift) {
        // The desired side blocks on the registry and git: it loads on a thread meanwhile.
        matrixThread = QThread::create([&matrix, &workspace] { matrix = release::loadEnvironmentMatrix(workspace); });
        QObject::connect(matrixThread, &QThread::finished, &loop, maybeQuit, Qt::QueuedConnection);
        QObject::connect(&prober, &health::VersionProber::finished, &loop, maybeQuit, Qt::QueuedConnection);
        matrixThread->start();
        prober.run();
    }
    monitor.runOnce();
    if (monitor.specs().isEmpty() && !wantDrift)
        QMetaObject::invokeMethod(&loop, maybeQuit, Qt::QueuedConnection);
    loop.exec();
    if (matrixThread) {
        matrixThread->wait();
        delete matrixThread;
    }
    const QList<health::Drift> drift = wantDrift ? health::computeDrift(matrix, prober.results()) : QList<health::Drift>();

    bool allHealthy = true;
    QJsonArray environments;
    QList<QStringList> rows{{u"ENVIRONMENT"_s, u"STATUS"_s, u"CHECK"_s, u"RESULT"_s, u"LATENCY"_s}};
    QStringList errors;
    for (const config::Environment &environment : workspace.environments) {
        const health::Status status = monitor.environmentStatus(environment.name);
        QJsonArray checks;
        bool first = true;
        for (qsizetype i = 0; i < monitor.specs().size(); ++i) {
            const health::CheckSpec &spec = monitor.specs()[i];
            if (spec.environment != environment.name)
                continue;
            const health::CheckState &state = monitor.state(i);
            allHealthy = allHealthy && state.status() == health::Status::Healthy;
            checks.append(QJsonObject{{u"name"_s, spec.name},
                                      {u"status"_s, health::statusName(state.status())},
                                      {u"latency_ms"_s, latencyJson(state.last())},
                                      {u"error"_s, textOrNull(state.last().error)}});
            rows.append({first ? environment.name : QString(), first ? health::statusName(status) : QString(), spec.name,
                         health::statusName(state.status()),
                         state.last().latencyMs ? u"%1 ms"_s.arg(*state.last().latencyMs) : u"—"_s});
            if (!state.last().error.isEmpty())
                errors.append(u"error: "_s + environment.name + u" / "_s + spec.name + u": "_s + state.last().error);
            first = false;
        }
        if (first)
            rows.append({environment.name, health::statusName(status), u"(no checks)"_s, QString(), QString()});
        QJsonObject object{{u"name"_s, environment.name}, {u"status"_s, health::statusName(status)}, {u"checks"_s, checks}};
        if (environment.versionProbe) {
            QJsonArray drifts;
            for (const health::Drift &d : drift) {
                if (d.environment != environment.name)
                    continue;
                drifts.append(QJsonObject{{u"artifact"_s, d.artifact},
                                          {u"desired"_s, textOrNull(d.desired)},
                                          {u"live"_s, textOrNull(d.live)},
                                          {u"status"_s, health::driftStateName(d.state)},
                                          {u"error"_s, textOrNull(d.error)}});
                if (d.isDrifted())
                    errors.append(u"drift: %1 in %2: desired %3, live %4"_s.arg(
                        d.artifact, d.environment, d.desired.isEmpty() ? u"nothing"_s : d.desired, d.live));
            }
            object.insert(u"drift"_s, drifts);
        }
        environments.append(object);
    }
    if (json)
        out() << QJsonDocument(QJsonObject{{u"environments"_s, environments}}).toJson(QJsonDocument::Indented);
    else
        out() << table(rows) << errors.join(u'\n') << (errors.isEmpty() ? "" : "\n");
    out().flush();
    return allHealthy ? Success : Failed;
}

int watch(const config::Workspace &workspace, bool json)
{
    if (!installSignalHandlers()) {
        printError(u"health --watch: cannot install the signal handlers"_s);
        return Failed;
    }
    QEventLoop loop;
    QSocketNotifier notifier(signalPipe[0], QSocketNotifier::Read);
    QObject::connect(&notifier, &QSocketNotifier::activated, &loop, [&loop] { loop.quit(); });

    health::HealthMonitor monitor(health::checkSpecs(workspace));
    auto print = [json](const QString &environment, const QString &check, health::Status from, health::Status to,
                        const health::CheckResult *result) {
        const QString time = QDateTime::currentDateTimeUtc().toString(Qt::ISODate);
        if (json) {
            QJsonObject event{{u"time"_s, time},
                              {u"environment"_s, environment},
                              {u"check"_s, textOrNull(check)},
                              {u"from"_s, health::statusName(from)},
                              {u"to"_s, health::statusName(to)}};
            if (result) {
                event.insert(u"latency_ms"_s, latencyJson(*result));
                event.insert(u"error"_s, textOrNull(result->error));
            }
            out() << QJsonDocument(event).toJson(QJsonDocument::Compact) << '\n';
        } else {
            QString line = time + u"  "_s + (check.isEmpty() ? environment : environment + u" / "_s + check) + u"  "_s
                + health::statusName(from) + u" → "_s + health::statusName(to);
            if (result && result->latencyMs)
                line += u"  (%1 ms)"_s.arg(*result->latencyMs);
            if (result && !result->error.isEmpty())
                line += u"  "_s + result->error;
            out() << line << '\n';
        }
        out().flush();
    };
    QObject::connect(&monitor, &health::HealthMonitor::checkStatusChanged, &loop,
                     [&monitor, print](qsizetype index, health::Status from, health::Status to) {
        const health::CheckSpec &spec = monitor.specs()[index];
        print(spec.environment, spec.name, from, to, &monitor.state(index).last());
    });
    QObject::connect(&monitor, &health::HealthMonitor::environmentStatusChanged, &loop,
                     [print](const QString &environment, health::Status from, health::Status to) {
        print(environment, QString(), from, to, nullptr);
    });
    if (!json) {
        out() << "Watching " << monitor.specs().size() << " checks; Ctrl-C to stop.\n";
        out().flush();
    }
    monitor.start();
    loop.exec();
    monitor.stop();
    return Success;
}

} // namespace

int health(const QString &workspaceFile, const QStringList &args)
{
    bool json = false;
    bool watching = false;
    for (const QString &arg : args) {
        if (arg == u"--json") {
            json = true;
        } else if (arg == u"--watch") {
            watching = true;
        } else {
            printError(u"health: unknown option '%1' (expected --json or --watch)"_s.arg(arg));
            return UsageError;
        }
    }
    auto workspace = loadWorkspaceOrReport(workspaceFile);
    if (!workspace)
        return UsageError;
    return watching ? watch(*workspace, json) : runOnce(*workspace, json);
}

} // namespace rd::cli
