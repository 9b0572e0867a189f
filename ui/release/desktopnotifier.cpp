// SPDX-License-Identifier: GPL-3.0-or-later
#include "desktopnotifier.h"

#include <QApplication>
#include <QDBusMessage>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>
#include <QIcon>
#include <QPointer>
#include <QSystemTrayIcon>

using namespace Qt::StringLiterals;

namespace rd::ui {

namespace {

constexpr auto Service = u"org.freedesktop.Notifications";
constexpr auto Path = u"/org/freedesktop/Notifications";
constexpr auto Interface = u"org.freedesktop.Notifications";
constexpr int TimeoutMs = 10'000;
// A notification is a glance, not a log.
constexpr qsizetype MaxBody = 1000;

} // namespace

DesktopNotifier::DesktopNotifier(QObject *parent)
    : QObject(parent)
{
    // The session bus only when one is announced: connecting without an address makes libdbus
    // try to autolaunch a daemon, which would outlive us.
    if (!qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"))
        m_bus = QDBusConnection::sessionBus();
}

DesktopNotifier::~DesktopNotifier() = default;

DesktopNotifier *DesktopNotifier::shared()
{
    static QPointer<DesktopNotifier> instance;
    if (!instance)
        instance = new DesktopNotifier(QCoreApplication::instance());
    return instance;
}

void DesktopNotifier::setBus(const QDBusConnection &bus)
{
    m_bus = bus;
}

void DesktopNotifier::notify(const QString &summary, const QString &body, bool failure)
{
    const QString text = body.size() > MaxBody ? QString(body.left(MaxBody) + u'…') : body;
    if (!m_bus || !m_bus->isConnected()) {
        fallBack(summary, text, failure, u"no D-Bus session bus"_s);
        return;
    }
    QDBusMessage call = QDBusMessage::createMethodCall(QString::fromUtf16(Service), QString::fromUtf16(Path),
                                                       QString::fromUtf16(Interface), u"Notify"_s);
    QVariantMap hints;
    hints.insert(u"urgency"_s, QVariant::fromValue(uchar(failure ? 2 : 1)));
    hints.insert(u"desktop-entry"_s, u"releasedeck"_s);
    // Notify(app_name, replaces_id, app_icon, summary, body, actions, hints, expire_timeout)
    call << u"ReleaseDeck"_s << uint(0) << u"releasedeck"_s << summary << text << QStringList() << hints
         << int(failure ? 0 : -1);
    auto *watcher = new QDBusPendingCallWatcher(m_bus->asyncCall(call, TimeoutMs), this);
    connect(watcher, &QDBusPendingCallWatcher::finished, this, [this, watcher, summary, text, failure] {
        watcher->deleteLater();
        const QDBusPendingReply<uint> reply = *watcher;
        if (reply.isError()) {
            fallBack(summary, text, failure, reply.error().message());
            return;
        }
        Q_EMIT delivered(Channel::DBus, {});
    });
}

void DesktopNotifier::fallBack(const QString &summary, const QString &body, bool failure, const QString &why)
{
    if (!QSystemTrayIcon::isSystemTrayAvailable() || !QSystemTrayIcon::supportsMessages()) {
        Q_EMIT delivered(Channel::None, why);
        return;
    }
    if (!m_tray) {
        m_tray = new QSystemTrayIcon(QApplication::windowIcon(), this);
        m_tray->setToolTip(u"ReleaseDeck"_s);
    }
    m_tray->show();
    m_tray->showMessage(summary, body, failure ? QSystemTrayIcon::Critical : QSystemTrayIcon::Information, TimeoutMs);
    Q_EMIT delivered(Channel::Tray, why);
}

} // namespace rd::ui
