// SPDX-License-Identifier: GPL-3.0-or-later
// How fast the first view fills: creating the demo workspace, and reading the environment
// matrix of the demo and of a large synthetic registry (OCI layouts). Prints figures only.
#include "config/workspaceloader.h"
#include "demo/demoworkspace.h"
#include "registry/mediatypes.h"
#include "registry/ocilayoutwriter.h"
#include "release/matrixloader.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QTextStream>
#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

QTextStream &out()
{
    static QTextStream stream(stdout);
    return stream;
}

// Median of `runs` timings of `work`, in milliseconds.
template<typename F>
double medianMs(int runs, F &&work)
{
    QList<double> times;
    for (int i = 0; i < runs; ++i) {
        QElapsedTimer timer;
        timer.start();
        work(i);
        times.append(double(timer.nsecsElapsed()) / 1e6);
    }
    if (qEnvironmentVariableIsSet("BENCH_VERBOSE"))
        for (double t : times)
            out() << "  run " << QString::number(t, 'f', 2) << " ms\n";
    std::sort(times.begin(), times.end());
    return times[times.size() / 2];
}

// A registry of `artifacts` images with `versions` tagged versions each, and a workspace over it.
QString writeSyntheticWorkspace(const QString &dir, int artifacts, int versions, const QStringList &environments)
{
    QByteArray yaml = "version: 1\nname: synthetic\nregistries:\n  layouts: {url: \"oci-layout:registry\"}\nartifacts:\n";
    for (int a = 0; a < artifacts; ++a) {
        const QString image = u"org/service-%1"_s.arg(a);
        rd::registry::OciLayoutWriter layout(QDir(dir).filePath(u"registry/"_s + image));
        for (int v = 0; v < versions; ++v) {
            const QByteArray config = R"({"architecture":"amd64","os":"linux","created":"2026-11-01T10:00:00Z","config":{"Labels":{"org.opencontainers.image.revision":")"
                                      + QByteArray::number(a * 100000 + v).rightJustified(40, '0') + "\"}}}";
            auto c = layout.writeBlob(config, rd::registry::MediaType::OciConfig);
            auto m = layout.writeImage(*c, {});
            layout.tag(u"v1.%1.0"_s.arg(v), *m);
            layout.tag(u"sha-%1"_s.arg(QString::number(a * 100000 + v).rightJustified(7, u'0')), *m);
            if (v >= versions - int(environments.size())) // newest versions run in the earliest environments
                layout.tag(environments[versions - 1 - v], *m);
        }
        (void)layout.finish();
        yaml += "  - {name: service-" + QByteArray::number(a) + ", registry: layouts, image: " + image.toUtf8() + "}\n";
    }
    yaml += "environments:\n";
    for (const QString &e : environments)
        yaml += "  - {name: " + e.toUtf8() + "}\n";
    QFile file(QDir(dir).filePath(u"releasedeck.yaml"_s));
    (void)file.open(QIODevice::WriteOnly);
    file.write(yaml);
    return file.fileName();
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QTemporaryDir scratch;

    const double create = medianMs(7, [&](int i) { (void)rd::demo::createDemoWorkspace(scratch.filePath(u"demo%1"_s.arg(i))); });
    out() << "demo create                          median " << QString::number(create, 'f', 1) << " ms (7 runs)\n";

    const auto demo = rd::config::loadWorkspace(scratch.filePath(u"demo0/releasedeck.yaml"_s));
    if (!demo) {
        out() << "demo workspace does not load: " << demo.error().first().toString() << '\n';
        return 1;
    }
    const double demoLoad = medianMs(21, [&](int) { (void)rd::release::loadEnvironmentMatrix(*demo); });
    out() << "matrix, demo (3 artifacts x 4 envs)  median " << QString::number(demoLoad, 'f', 2) << " ms (21 runs)\n";

    const QStringList environments{u"dev"_s, u"qa"_s, u"staging"_s, u"prod"_s, u"prod-eu"_s, u"prod-us"_s};
    const QString synthetic = writeSyntheticWorkspace(scratch.filePath(u"synthetic"_s), 100, 200, environments);
    const auto big = rd::config::loadWorkspace(synthetic);
    if (!big) {
        out() << "synthetic workspace does not load: " << big.error().first().toString() << '\n';
        return 1;
    }
    const double bigLoad = medianMs(5, [&](int) { (void)rd::release::loadEnvironmentMatrix(*big); });
    out() << "matrix, 100 artifacts x 6 envs, 400 tags each  median " << QString::number(bigLoad, 'f', 1)
          << " ms (5 runs), " << QString::number(bigLoad / (100.0 * 6), 'f', 3) << " ms per cell\n";
    return 0;
}
