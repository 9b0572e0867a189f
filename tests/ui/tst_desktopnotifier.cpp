// SPDX-License-Identifier: GPL-3.0-or-later
// Desktop notifications when a plan ends. A private dbus-daemon is started by the test (on a
// unix socket in a temporary folder, stopped by PID); no notification daemon can run here, so
// a test-side object registered as org.freedesktop.Notifications on that bus stands in for
// one and records every Notify call — the caller under test talks real D-Bus to it. Without
// the service the notifier falls back to the system tray, which the offscreen platform does
// not have, so it reports that nothing could show it.
#include "release/desktopnotifier.h"
#include "release/executionview.h"

#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDBusError>
#include <QFile>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QVariantMap>

#include <signal.h>

using namespace Qt::StringLiterals;
using rd::ui::DesktopNotifier;

namespace {

constexpr int TimeoutMs = 30'000;

} // namespace

// Stands in for the desktop's notification daemon (see the file comment).
class FakeNotificationDaemon : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("D-Bus Interface", "org.freedesktop.Notifications")
public:
    struct Call
    {
        QString appName;
        QString summary;
        QString body;
        QVariantMap hints;
        int timeout = 0;
    };
    QList<Call> calls;

public Q_SLOTS:
    uint Notify(const QString &appName, uint replacesId, const QString &appIcon, const QString &summary, const QString &body,
                const QStringList &actions, const QVariantMap &hints, int expireTimeout)
    {
        Q_UNUSED(replacesId);
        Q_UNUSED(appIcon);
        Q_UNUSED(actions);
        calls.append(Call{appName, summary, body, hints, expireTimeout});
        return uint(calls.size());
    }
    QStringList GetCapabilities() { return {u"body"_s}; }
};

class TestDesktopNotifier : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QProcess m_daemon;
    QString m_address;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        const QString config = m_dir.filePath(u"bus.conf"_s);
        QFile file(config);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QString(u"<!DOCTYPE busconfig PUBLIC \"-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN\"\n"
                           u" \"http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd\">\n"
                           u"<busconfig>\n  <type>session</type>\n  <listen>unix:path="_s
                           + m_dir.filePath(u"bus"_s)
                           + u"</listen>\n  <auth>EXTERNAL</auth>\n"
                             u"  <policy context=\"default\">\n    <allow send_destination=\"*\" eavesdrop=\"true\"/>\n"
                             u"    <allow eavesdrop=\"true\"/>\n    <allow own=\"*\"/>\n  </policy>\n</busconfig>\n"_s)
                       .toUtf8());
        file.close();
        m_daemon.start(u"dbus-daemon"_s, {u"--config-file="_s + config, u"--nofork"_s, u"--print-address=1"_s});
        QVERIFY2(m_daemon.waitForStarted(TimeoutMs), qPrintable(m_daemon.errorString()));
        QTRY_VERIFY_WITH_TIMEOUT(m_daemon.canReadLine(), TimeoutMs);
        m_address = QString::fromUtf8(m_daemon.readLine()).trimmed();
        QVERIFY2(m_address.startsWith(u"unix:"_s), qPrintable(m_address));
    }

    void cleanupTestCase()
    {
        if (m_daemon.state() != QProcess::NotRunning) {
            ::kill(pid_t(m_daemon.processId()), SIGTERM);
            if (!m_daemon.waitForFinished(TimeoutMs)) {
                ::kill(pid_t(m_daemon.processId()), SIGKILL);
                m_daemon.waitForFinished(TimeoutMs);
            }
        }
    }

    void notifyReachesTheNotificationService()
    {
        // The daemon's side and the caller's side are two connections, as two processes would be.
        QDBusConnection service = QDBusConnection::connectToBus(m_address, u"service"_s);
        QDBusConnection caller = QDBusConnection::connectToBus(m_address, u"caller"_s);
        QVERIFY2(service.isConnected(), qPrintable(service.lastError().message()));
        QVERIFY(caller.isConnected());
        FakeNotificationDaemon daemon;
        QVERIFY(service.registerObject(u"/org/freedesktop/Notifications"_s, &daemon, QDBusConnection::ExportAllSlots));
        QVERIFY(service.registerService(u"org.freedesktop.Notifications"_s));

        DesktopNotifier notifier;
        notifier.setBus(caller);
        QSignalSpy delivered(&notifier, &DesktopNotifier::delivered);
        notifier.notify(u"Promote api v1.6.0 to qa: FAILED"_s, u"Verification failed, so it was rolled back."_s, true);
        QTRY_VERIFY_WITH_TIMEOUT(!delivered.isEmpty(), TimeoutMs);
        QCOMPARE(delivered.first().at(0).value<DesktopNotifier::Channel>(), DesktopNotifier::Channel::DBus);
        QCOMPARE(daemon.calls.size(), 1);
        QCOMPARE(daemon.calls.first().appName, u"ReleaseDeck"_s);
        QCOMPARE(daemon.calls.first().summary, u"Promote api v1.6.0 to qa: FAILED"_s);
        QCOMPARE(daemon.calls.first().body, u"Verification failed, so it was rolled back."_s);
        QCOMPARE(daemon.calls.first().hints.value(u"urgency"_s).toInt(), 2);

        // A plan that ends in the execution view sends one too, with its summary and no links.
        rd::release::Plan plan;
        plan.action = u"promote"_s;
        plan.artifact = u"api"_s;
        plan.environment = u"qa"_s;
        plan.from = u"v1.5.1"_s;
        plan.to = u"v1.6.0"_s;
        rd::ui::ExecutionView view;
        view.setDesktopNotifier(&notifier);
        delivered.clear();
        view.run(plan, [](const QString &, const rd::ui::PlanEventHandler &, const std::atomic_bool *) {
            rd::release::PlanOutcome outcome;
            outcome.result = rd::release::PlanOutcome::Result::Succeeded;
            outcome.message = u"Promote api v1.6.0 to qa: done. See https://ci.example.com/run/1"_s;
            return outcome;
        });
        QTRY_VERIFY_WITH_TIMEOUT(!delivered.isEmpty(), TimeoutMs);
        QCOMPARE(daemon.calls.size(), 2);
        QCOMPARE(daemon.calls.last().summary, plan.summary() + u": done"_s);
        QCOMPARE(daemon.calls.last().body, u"Promote api v1.6.0 to qa: done. See (link removed)"_s);
        QCOMPARE(daemon.calls.last().hints.value(u"urgency"_s).toInt(), 1);

        QVERIFY(service.unregisterService(u"org.freedesktop.Notifications"_s));
        QDBusConnection::disconnectFromBus(u"service"_s);
        QDBusConnection::disconnectFromBus(u"caller"_s);
    }

    void missingServiceFallsBack()
    {
        QDBusConnection caller = QDBusConnection::connectToBus(m_address, u"lonely"_s);
        QVERIFY(caller.isConnected());
        QVERIFY(!caller.interface()->isServiceRegistered(u"org.freedesktop.Notifications"_s).value());
        DesktopNotifier notifier;
        notifier.setBus(caller);
        QSignalSpy delivered(&notifier, &DesktopNotifier::delivered);
        notifier.notify(u"summary"_s, u"body"_s, false);
        QTRY_VERIFY_WITH_TIMEOUT(!delivered.isEmpty(), TimeoutMs);
        // The offscreen platform has no system tray: nothing could show it, and it says why.
        QCOMPARE(delivered.first().at(0).value<DesktopNotifier::Channel>(), DesktopNotifier::Channel::None);
        QVERIFY(!delivered.first().at(1).toString().isEmpty());
        QDBusConnection::disconnectFromBus(u"lonely"_s);
    }
};

QTEST_MAIN(TestDesktopNotifier)
#include "tst_desktopnotifier.moc"
