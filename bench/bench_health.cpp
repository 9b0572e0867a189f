// SPDX-License-Identifier: GPL-3.0-or-later
// What polling costs: 1,000 HTTP checks on loopback, every 5 s, for a minute (issue 6's
// target: under 5% of one core and under 100 MB). The server runs on its own thread and its
// CPU time is subtracted, so the figure is the monitor's (and Qt's HTTP thread's) alone.
// Prints figures only. Arguments: [seconds (default 60)] [checks (default 1000)]; the server
// keeps connections alive, as real ones do, unless BENCH_CLOSE=1.
#include "health/healthmonitor.h"
#include "httptestserver.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QTextStream>
#include <QThread>
#include <QTimer>

#include <pthread.h>
#include <sys/resource.h>
#include <time.h>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

namespace {

double processCpuSeconds()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

double threadCpuSeconds(pthread_t thread)
{
    clockid_t clock;
    if (pthread_getcpuclockid(thread, &clock) != 0)
        return 0;
    timespec time{};
    clock_gettime(clock, &time);
    return double(time.tv_sec) + double(time.tv_nsec) / 1e9;
}

long residentKiB()
{
    QFile status(u"/proc/self/status"_s);
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').first().toLong();
    }
    return -1;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    const int seconds = args.size() > 1 ? args[1].toInt() : 60;
    const int count = args.size() > 2 ? args[2].toInt() : 1000;

    QThread serverThread;
    QObject holder;
    holder.moveToThread(&serverThread);
    serverThread.start();
    rd::test::HttpTestServer *server = nullptr;
    pthread_t serverPthread{};
    QMetaObject::invokeMethod(&holder, [&] {
        server = new rd::test::HttpTestServer(&holder);
        server->setKeepAlive(qEnvironmentVariable("BENCH_CLOSE") != u"1");
        server->listen();
        serverPthread = pthread_self();
    }, Qt::BlockingQueuedConnection);

    QList<rd::health::CheckSpec> specs;
    for (int i = 0; i < count; ++i) {
        rd::health::CheckSpec spec;
        spec.environment = u"env%1"_s.arg(i % 20);
        spec.name = u"check%1"_s.arg(i);
        spec.kind = rd::health::CheckSpec::Kind::Http;
        spec.url = server->url(u"/health/%1"_s.arg(i));
        spec.interval = 5s;
        spec.timeout = 5s;
        specs.append(spec);
    }
    const long rssBefore = residentKiB();
    const double cpuBefore = processCpuSeconds();
    const double serverBefore = threadCpuSeconds(serverPthread);
    QElapsedTimer wall;
    wall.start();

    rd::health::HealthMonitor monitor(specs);
    qint64 finished = 0, passed = 0;
    QObject::connect(&monitor, &rd::health::HealthMonitor::checkFinished, &app,
                     [&](qsizetype, const rd::health::CheckResult &result) {
        ++finished;
        passed += result.passed();
    });
    long rssPeak = rssBefore;
    QTimer sampler;
    QObject::connect(&sampler, &QTimer::timeout, &app, [&] { rssPeak = std::max(rssPeak, residentKiB()); });
    sampler.start(1s);
    monitor.start();
    QTimer::singleShot(std::chrono::seconds(seconds), &app, [&] { app.quit(); });
    app.exec();
    monitor.stop();

    const double elapsed = double(wall.elapsed()) / 1000.0;
    const double serverCpu = threadCpuSeconds(serverPthread) - serverBefore;
    const double cpu = processCpuSeconds() - cpuBefore - serverCpu;
    QTextStream out(stdout);
    out << "health polling: " << count << " HTTP checks on loopback every 5 s for " << elapsed << " s\n"
        << "  checks finished " << finished << " (" << passed << " passed), peak concurrency "
        << monitor.peakConcurrency() << '\n'
        << "  monitor CPU " << cpu << " s = " << (100.0 * cpu / elapsed) << " % of one core"
        << " (server thread, not counted: " << serverCpu << " s)\n"
        << "  resident memory " << rssBefore / 1024.0 << " MiB before, peak " << rssPeak / 1024.0
        << " MiB (includes the server)\n";
    out.flush();
    QMetaObject::invokeMethod(&holder, [&] { delete server; }, Qt::BlockingQueuedConnection);
    serverThread.quit();
    serverThread.wait();
    return 0;
}
