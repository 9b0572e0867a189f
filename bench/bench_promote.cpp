// SPDX-License-Identifier: GPL-3.0-or-later
// Promotion cost. (1) The demo workspace: api promoted dev → qa → staging → prod (three
// promotions, each: retag in the OCI layout, branch, tag, deploy command, health check),
// split into the time spent in the workspace's own commands (deploy + health) and
// ReleaseDeck's overhead around them; the reference is a shell script doing the same with
// skopeo (oci → oci retag), git and the same commands. (2) A registry-only promotion of 50
// artifacts (staging → prod retag) against a real docker-registry, versus `skopeo copy` per
// artifact. Prints figures only. BENCH_PROMOTE_ROUNDS sets the demo rounds (default 5).
#include "config/workspaceloader.h"
#include "demo/demoworkspace.h"
#include "registryserver.h"
#include "release/releaseengine.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTextStream>
#include <algorithm>

using namespace Qt::StringLiterals;
using namespace rd;
using namespace rd::release;

namespace {

QTextStream &out()
{
    static QTextStream stream(stdout);
    return stream;
}

bool run(const QString &program, const QStringList &arguments, const QString &workingDirectory = {})
{
    QProcess process;
    process.setWorkingDirectory(workingDirectory);
    process.start(program, arguments);
    if (!process.waitForFinished(120'000)) {
        process.kill();
        process.waitForFinished(5'000);
        return false;
    }
    return process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0;
}

double median(QList<double> values)
{
    std::sort(values.begin(), values.end());
    return values.isEmpty() ? 0 : values.at(values.size() / 2);
}

struct DemoRound
{
    double total = 0;      // ms, planning included
    double commands = 0;   // ms inside deploy commands and health checks
};

std::optional<DemoRound> demoRound()
{
    QTemporaryDir dir;
    auto file = demo::createDemoWorkspace(dir.path());
    if (!file)
        return std::nullopt;
    qputenv("RELEASEDECK_AUDIT_DB", QDir(dir.path()).filePath(u"audit.sqlite"_s).toUtf8());
    auto workspace = config::loadWorkspace(*file);
    if (!workspace)
        return std::nullopt;
    DemoRound round;
    QElapsedTimer timer;
    timer.start();
    ReleaseEngine engine(*workspace);
    for (const QString &env : {u"qa"_s, u"staging"_s, u"prod"_s}) {
        auto planned = engine.planPromotion(PromoteRequest{u"api"_s, env, {}, {}});
        if (!planned || !engine.admit(*planned, Admission{env, {}})) {
            out() << "planning failed: " << (planned ? QString() : planned.error().message) << Qt::endl;
            return std::nullopt;
        }
        const ReleaseOutcome outcome = engine.execute(*planned, {});
        if (!outcome.succeeded()) {
            out() << "promotion failed: " << outcome.message << Qt::endl;
            return std::nullopt;
        }
        for (qsizetype i = 0; i < planned->plan.steps.size(); ++i) {
            const QString kind = planned->plan.steps.at(i)->kind();
            if (kind == u"local" || kind == u"ssh" || kind == u"wait-healthy")
                round.commands += double(outcome.outcome.steps.at(i).elapsed.count());
        }
    }
    round.total = double(timer.nsecsElapsed()) / 1e6;
    return round;
}

// The same three promotions as a script would do them.
std::optional<double> demoReference()
{
    QTemporaryDir dir;
    auto file = demo::createDemoWorkspace(dir.path());
    if (!file)
        return std::nullopt;
    const QString root = dir.path();
    QElapsedTimer timer;
    timer.start();
    const QString layout = QDir(root).filePath(u"registry/hockey/api"_s);
    for (const QString &env : {u"qa"_s, u"staging"_s, u"prod"_s}) {
        const bool ok = run(u"skopeo"_s, {u"--insecure-policy"_s, u"copy"_s, u"-q"_s, u"oci:%1:v1.6.0"_s.arg(layout), u"oci:%1:%2"_s.arg(layout, env)})
            && run(u"git"_s, {u"-c"_s, u"user.name=bench"_s, u"-c"_s, u"user.email=bench@localhost"_s, u"-C"_s, u"repo"_s, u"tag"_s, u"-a"_s, u"-m"_s, u"promoted"_s, env + u"-v1.6.0"_s, u"env/dev"_s}, root)
            && run(u"sh"_s, {u"-c"_s, u"mkdir -p state/%1 && echo v1.6.0 > state/%1/api.version"_s.arg(env)}, root)
            && run(u"sh"_s, {u"-c"_s, u"test -s state/%1/api.version"_s.arg(env)}, root);
        if (!ok)
            return std::nullopt;
    }
    return double(timer.nsecsElapsed()) / 1e6;
}

void benchDemo()
{
    const int rounds = qEnvironmentVariableIntValue("BENCH_PROMOTE_ROUNDS") > 0 ? qEnvironmentVariableIntValue("BENCH_PROMOTE_ROUNDS") : 5;
    QList<double> totals, commands, overheads, references;
    for (int i = 0; i < rounds; ++i) {
        auto round = demoRound();
        auto reference = demoReference();
        if (!round || !reference) {
            out() << "demo: a round failed (" << (round ? "reference script" : "ReleaseDeck") << ")" << Qt::endl;
            return;
        }
        totals.append(round->total);
        commands.append(round->commands);
        overheads.append(round->total - round->commands);
        references.append(*reference);
    }
    out() << "demo: api dev -> qa -> staging -> prod (3 promotions), median of " << rounds << " rounds" << Qt::endl;
    out() << u"  ReleaseDeck total            %1 ms"_s.arg(median(totals), 0, 'f', 1) << Qt::endl;
    out() << u"    in deploy/health commands  %1 ms"_s.arg(median(commands), 0, 'f', 1) << Qt::endl;
    out() << u"    ReleaseDeck's own overhead %1 ms (%2 ms per promotion)"_s.arg(median(overheads), 0, 'f', 1).arg(median(overheads) / 3, 0, 'f', 1) << Qt::endl;
    out() << u"  reference script (skopeo oci->oci, git tag, same commands) %1 ms"_s.arg(median(references), 0, 'f', 1) << Qt::endl;
    out() << u"  ratio script / ReleaseDeck   %1x"_s.arg(median(references) / median(totals), 0, 'f', 2) << Qt::endl;
}

void benchRegistry()
{
    constexpr int Artifacts = 50;
    rd::test::RegistryServer server;
    if (!server.isRunning()) {
        out() << "registry: not run: " << server.error() << Qt::endl;
        return;
    }
    QTemporaryDir dir;
    auto demoFile = demo::createDemoWorkspace(QDir(dir.path()).filePath(u"demo"_s));
    if (!demoFile)
        return;
    const QString layout = QDir(dir.path()).filePath(u"demo/registry/hockey/api"_s);
    QByteArray yaml = "version: 1\nname: bench\nregistries:\n  r: {url: \"" + server.url().toUtf8() + "\", insecure: true}\nartifacts:\n";
    for (int i = 0; i < Artifacts; ++i) {
        const QString image = u"bench/a%1"_s.arg(i, 2, 10, QLatin1Char('0'));
        for (const QString &tag : {u"v1.6.0"_s, u"staging"_s}) {
            if (!run(u"skopeo"_s, {u"--insecure-policy"_s, u"copy"_s, u"-q"_s, u"--dest-tls-verify=false"_s, u"oci:%1:v1.6.0"_s.arg(layout),
                                   u"docker://%1/%2:%3"_s.arg(server.hostPort(), image, tag)})) {
                out() << "registry: skopeo copy failed" << Qt::endl;
                return;
            }
        }
        yaml += "  - {name: a" + QByteArray::number(i) + ", registry: r, image: " + image.toUtf8() + ", versions: \"v*\"}\n";
    }
    yaml += "environments:\n  - {name: staging}\n  - {name: prod}\n";
    const QString file = QDir(dir.path()).filePath(u"bench.yaml"_s);
    qputenv("RELEASEDECK_AUDIT_DB", QDir(dir.path()).filePath(u"audit.sqlite"_s).toUtf8());
    QFile f(file);
    if (!f.open(QIODevice::WriteOnly) || f.write(yaml) != yaml.size())
        return;
    f.close();
    auto workspace = config::loadWorkspace(file);
    if (!workspace) {
        out() << "registry: workspace does not load: " << workspace.error().first().toString() << Qt::endl;
        return;
    }
    ReleaseEngine engine(*workspace);
    QElapsedTimer timer;
    timer.start();
    for (int i = 0; i < Artifacts; ++i) {
        auto planned = engine.planPromotion(PromoteRequest{u"a%1"_s.arg(i), u"prod"_s, {}, {}});
        if (!planned) {
            out() << "registry: planning failed: " << planned.error().message << Qt::endl;
            return;
        }
        if (!engine.execute(*planned, {}).succeeded()) {
            out() << "registry: promotion failed" << Qt::endl;
            return;
        }
    }
    const double ours = double(timer.nsecsElapsed()) / 1e6;
    timer.restart();
    for (int i = 0; i < Artifacts; ++i) {
        const QString image = u"bench/a%1"_s.arg(i, 2, 10, QLatin1Char('0'));
        run(u"skopeo"_s, {u"--insecure-policy"_s, u"copy"_s, u"-q"_s, u"--src-tls-verify=false"_s, u"--dest-tls-verify=false"_s,
                          u"docker://%1/%2:staging"_s.arg(server.hostPort(), image), u"docker://%1/%2:prod2"_s.arg(server.hostPort(), image)});
    }
    const double skopeo = double(timer.nsecsElapsed()) / 1e6;
    out() << "registry-only promotion of " << Artifacts << " artifacts (staging -> prod) on a real docker-registry" << Qt::endl;
    out() << u"  ReleaseDeck (plan + retag + state, each)  %1 ms total, %2 ms per artifact"_s.arg(ours, 0, 'f', 1).arg(ours / Artifacts, 0, 'f', 2) << Qt::endl;
    out() << u"  skopeo copy per artifact                  %1 ms total, %2 ms per artifact"_s.arg(skopeo, 0, 'f', 1).arg(skopeo / Artifacts, 0, 'f', 2) << Qt::endl;
    out() << u"  ratio skopeo / ReleaseDeck                %1x"_s.arg(skopeo / ours, 0, 'f', 2) << Qt::endl;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    benchDemo();
    benchRegistry();
    return 0;
}
