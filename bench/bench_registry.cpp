// SPDX-License-Identifier: GPL-3.0-or-later
// The environment matrix against a real docker-registry on loopback: 200 repositories × 30
// tags (26 versions + 4 environment tags each), filled by RemoteRegistry's own push (blobs
// mounted across repositories). Times one full matrix refresh (every environment tag →
// digest → version tags → revision label) and compares it with what a script does with
// skopeo — one `skopeo list-tags` per artifact and one `skopeo inspect` per environment tag —
// run on a sample and extrapolated (said so in the output). Also retag against `skopeo copy`.
// Prints figures only. BENCH_REGISTRY_REPOS / BENCH_SKOPEO_SAMPLE scale it down.
#include "config/workspaceloader.h"
#include "registry/mediatypes.h"
#include "registry/ocilayoutwriter.h"
#include "registry/remoteregistry.h"
#include "release/matrixloader.h"
#include "registryserver.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTextStream>
#include <algorithm>
#include <ctime>

using namespace Qt::StringLiterals;
using namespace rd::registry;

namespace {

QTextStream &out()
{
    static QTextStream stream(stdout);
    return stream;
}

QByteArray compact(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QString repoName(int i)
{
    return u"bench/svc-%1"_s.arg(i, 3, 10, QLatin1Char('0'));
}

bool runQuiet(const QStringList &arguments)
{
    QProcess process;
    process.start(u"skopeo"_s, arguments);
    if (!process.waitForFinished(60'000)) {
        process.kill();
        process.waitForFinished(5'000);
        return false;
    }
    return process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0;
}

int intFromEnv(const char *name, int fallback)
{
    bool ok = false;
    const int value = qEnvironmentVariableIntValue(name, &ok);
    return ok && value > 0 ? value : fallback;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const int repos = intFromEnv("BENCH_REGISTRY_REPOS", 200);
    const int sample = std::min(repos, intFromEnv("BENCH_SKOPEO_SAMPLE", 10));
    constexpr int Versions = 26;
    const QStringList environments{u"dev"_s, u"qa"_s, u"staging"_s, u"prod"_s};

    rd::test::RegistryServer server;
    if (!server.isRunning()) {
        out() << "cannot start docker-registry: " << server.error() << "\n";
        return 1;
    }
    RemoteRegistry registry(u"bench"_s, QUrl(server.url()), u"none"_s);

    // --- fill the registry with our own push ---
    QElapsedTimer fill;
    fill.start();
    const QByteArray layer = makeTar({{u"app/README"_s, "benchmark image\n"}}, 0);
    for (int r = 0; r < repos; ++r) {
        const QString repo = repoName(r);
        auto layerDigest = registry.pushBlob(repo, layer, r == 0 ? QString() : repoName(0));
        if (!layerDigest) {
            out() << layerDigest.error().toString() << "\n";
            return 1;
        }
        QStringList manifests;
        for (int v = 0; v < Versions; ++v) {
            const QString version = u"v1.%1.%2"_s.arg(v / 10).arg(v % 10);
            const QString revision = QString::fromLatin1(QCryptographicHash::hash(QString(repo + version).toUtf8(), QCryptographicHash::Sha1).toHex());
            const QByteArray config = compact({{u"architecture"_s, u"amd64"_s}, {u"os"_s, u"linux"_s},
                                               {u"created"_s, u"2026-01-01T00:00:00Z"_s},
                                               {u"config"_s, QJsonObject{{u"Labels"_s, QJsonObject{{u"org.opencontainers.image.version"_s, version},
                                                                                                  {u"org.opencontainers.image.revision"_s, revision}}}}},
                                               {u"rootfs"_s, QJsonObject{{u"type"_s, u"layers"_s}, {u"diff_ids"_s, QJsonArray{*layerDigest}}}}});
            auto configDigest = registry.pushBlob(repo, config);
            if (!configDigest) {
                out() << configDigest.error().toString() << "\n";
                return 1;
            }
            const QByteArray manifest = compact({{u"schemaVersion"_s, 2}, {u"mediaType"_s, MediaType::OciManifest},
                                                 {u"config"_s, QJsonObject{{u"mediaType"_s, MediaType::OciConfig}, {u"digest"_s, *configDigest}, {u"size"_s, config.size()}}},
                                                 {u"layers"_s, QJsonArray{QJsonObject{{u"mediaType"_s, MediaType::OciLayerTar}, {u"digest"_s, *layerDigest}, {u"size"_s, layer.size()}}}}});
            auto stored = registry.putManifest(repo, version, manifest, MediaType::OciManifest);
            if (!stored) {
                out() << stored.error().toString() << "\n";
                return 1;
            }
            manifests.append(version);
        }
        // environments run recent versions: dev newest, prod a few behind
        for (int e = 0; e < environments.size(); ++e) {
            auto moved = registry.retag(repo, manifests.at(Versions - 1 - 2 * e), environments.at(e), {});
            if (!moved) {
                out() << moved.error().toString() << "\n";
                return 1;
            }
        }
    }
    out() << "registry: " << repos << " repositories x " << (Versions + environments.size()) << " tags ("
          << environments.size() << " environment tags each), pushed by RemoteRegistry in "
          << QString::number(fill.elapsed() / 1000.0, 'f', 1) << " s\n";
    out().flush();

    {
        // one request's round trip on a kept-alive connection, for scale
        constexpr int Heads = 200;
        QElapsedTimer timer;
        timer.start();
        const std::clock_t cpu = std::clock();
        for (int i = 0; i < Heads; ++i)
            (void)registry.resolveTag(repoName(0), u"prod"_s);
        const double wallMs = double(timer.nsecsElapsed()) / 1e6 / Heads;
        const double cpuMs = double(std::clock() - cpu) * 1000.0 / CLOCKS_PER_SEC / Heads;
        out() << "one HEAD manifest round trip: " << QString::number(wallMs, 'f', 2) << " ms wall, "
              << QString::number(cpuMs, 'f', 2) << " ms CPU in this process (mean of " << Heads << ")\n";
    }

    // --- the workspace and one full matrix refresh ---
    QTemporaryDir dir;
    QByteArray yaml = "version: 1\nname: bench\nregistries:\n  local: {url: \"" + server.url().toUtf8() + "\", insecure: true}\nartifacts:\n";
    for (int r = 0; r < repos; ++r)
        yaml += "  - {name: svc-" + QByteArray::number(r) + ", registry: local, image: " + repoName(r).toUtf8() + "}\n";
    yaml += "environments:\n";
    for (const QString &environment : environments)
        yaml += "  - {name: " + environment.toUtf8() + "}\n";
    const QString workspacePath = dir.filePath(u"releasedeck.yaml"_s);
    QFile file(workspacePath);
    if (!file.open(QIODevice::WriteOnly) || file.write(yaml) != yaml.size())
        return 1;
    file.close();
    const auto workspace = rd::config::loadWorkspace(workspacePath);
    if (!workspace) {
        for (const rd::Error &error : workspace.error())
            out() << "workspace: " << error.toString() << "\n";
        return 1;
    }
    if (const int loops = intFromEnv("BENCH_REFRESH_ONLY", 0); loops > 0) {
        // for profiling the refresh alone: N refreshes, their times, nothing else
        for (int run = 0; run < loops; ++run) {
            QElapsedTimer timer;
            timer.start();
            const std::clock_t cpu = std::clock();
            const auto matrix = rd::release::loadEnvironmentMatrix(*workspace);
            out() << "refresh " << run << ": " << QString::number(double(timer.nsecsElapsed()) / 1e6, 'f', 1) << " ms, "
                  << QString::number(double(std::clock() - cpu) * 1000.0 / CLOCKS_PER_SEC, 'f', 1) << " ms CPU in this process\n";
            out().flush();
        }
        return 0;
    }
    QList<double> refreshes;
    int cells = 0, errors = 0;
    double coldMs = 0;
    for (int run = 0; run < 4; ++run) {
        QElapsedTimer timer;
        timer.start();
        const auto matrix = rd::release::loadEnvironmentMatrix(*workspace);
        const double ms = double(timer.nsecsElapsed()) / 1e6;
        if (run == 0)
            coldMs = ms; // image configs not read yet: the process-wide config cache is empty
        else
            refreshes.append(ms);
        if (run == 0) {
            for (const auto &row : matrix.rows) {
                for (const auto &cell : row.cells) {
                    cells += cell.isDeployed() ? 1 : 0;
                    errors += cell.state == rd::release::MatrixCell::State::Error ? 1 : 0;
                }
            }
        }
    }
    std::sort(refreshes.begin(), refreshes.end());
    const double refreshMs = refreshes[1];
    out() << "matrix refresh, first (no image config cached yet): " << QString::number(coldMs, 'f', 1) << " ms\n";
    out() << "matrix refresh (RemoteRegistry, " << rd::release::MaxParallelArtifacts << " artifacts at once, keep-alive): median of 3 = "
          << QString::number(refreshMs, 'f', 1) << " ms for " << cells << " deployed cells (" << errors << " errors)\n";
    out().flush();

    {
        // The way the matrix read a registry before it resolved only what it needs: every tag
        // of every artifact (overlapped HEADs), then each environment image's config; one
        // artifact after the other on one client. For comparison in the same run.
        QList<double> times;
        int deployed = 0;
        for (int run = 0; run < 3; ++run) {
            RemoteRegistry fresh(u"bench"_s, QUrl(server.url()), u"none"_s);
            QElapsedTimer timer;
            timer.start();
            deployed = 0;
            for (int r = 0; r < repos; ++r) {
                auto tags = fresh.tags(repoName(r));
                if (!tags)
                    continue;
                const QList<rd::Result<QString>> digests = fresh.resolveTags(repoName(r), *tags);
                for (const QString &environment : environments) {
                    const qsizetype at = tags->indexOf(environment);
                    if (at >= 0 && digests.at(at) && fresh.imageConfig(repoName(r), *digests.at(at)))
                        ++deployed;
                }
            }
            times.append(double(timer.nsecsElapsed()) / 1e6);
        }
        std::sort(times.begin(), times.end());
        out() << "previous way, every tag resolved, configs from the cache (" << RemoteRegistry::Options{}.parallelRequests << " HEADs in flight): median of 3 = "
              << QString::number(times[1], 'f', 1) << " ms for " << deployed << " cells\n";
        out().flush();
    }

    // --- the same information with skopeo, on a sample, extrapolated ---
    QElapsedTimer skopeoTimer;
    skopeoTimer.start();
    for (int r = 0; r < sample; ++r) {
        const QString ref = u"docker://%1/%2"_s.arg(server.hostPort(), repoName(r));
        if (!runQuiet({u"list-tags"_s, u"--tls-verify=false"_s, ref}))
            out() << "skopeo list-tags failed for " << ref << "\n";
        for (const QString &environment : environments) {
            if (!runQuiet({u"inspect"_s, u"--tls-verify=false"_s, ref + u':' + environment}))
                out() << "skopeo inspect failed for " << ref << ":" << environment << "\n";
        }
    }
    const double sampleMs = double(skopeoTimer.nsecsElapsed()) / 1e6;
    const double extrapolatedMs = sampleMs * repos / sample;
    out() << "skopeo loop (1 list-tags + " << environments.size() << " inspect per artifact): " << QString::number(sampleMs, 'f', 0)
          << " ms measured on " << sample << " artifacts, extrapolated to " << repos << ": "
          << QString::number(extrapolatedMs / 1000.0, 'f', 1) << " s\n";
    out() << "ratio skopeo / ReleaseDeck: " << QString::number(extrapolatedMs / refreshMs, 'f', 1) << "x (first refresh: "
          << QString::number(extrapolatedMs / coldMs, 'f', 1) << "x)\n";
    out().flush();

    // --- retag against skopeo copy ---
    constexpr int Retags = 10;
    QElapsedTimer retagTimer;
    retagTimer.start();
    for (int i = 0; i < Retags; ++i) {
        auto moved = registry.retag(repoName(0), u"staging"_s, u"promoted-%1"_s.arg(i), {});
        if (!moved)
            out() << moved.error().toString() << "\n";
    }
    const double retagMs = double(retagTimer.nsecsElapsed()) / 1e6 / Retags;
    QElapsedTimer copyTimer;
    copyTimer.start();
    constexpr int Copies = 3;
    for (int i = 0; i < Copies; ++i) {
        const QString base = u"docker://%1/%2"_s.arg(server.hostPort(), repoName(0));
        if (!runQuiet({u"--insecure-policy"_s, u"copy"_s, u"--src-tls-verify=false"_s, u"--dest-tls-verify=false"_s,
                       base + u":staging"_s, base + u":copied-%1"_s.arg(i)}))
            out() << "skopeo copy failed\n";
    }
    const double copyMs = double(copyTimer.nsecsElapsed()) / 1e6 / Copies;
    out() << "retag: " << QString::number(retagMs, 'f', 2) << " ms (RemoteRegistry::retag, mean of " << Retags << ") vs "
          << QString::number(copyMs, 'f', 1) << " ms (skopeo copy, mean of " << Copies << "): "
          << QString::number(copyMs / retagMs, 'f', 1) << "x\n";
    return 0;
}
