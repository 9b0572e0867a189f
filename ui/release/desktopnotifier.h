// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDBusConnection>
#include <QObject>
#include <QString>
#include <optional>

class QSystemTrayIcon;

namespace rd::ui {

// A desktop notification when a plan has finished or failed: through the freedesktop
// Notifications D-Bus service (org.freedesktop.Notifications.Notify on the session bus —
// GNOME, KDE, most notification daemons), and when that service is missing or the call fails,
// through QSystemTrayIcon::showMessage where a system tray exists. Never blocks the GUI thread:
// the D-Bus call is asynchronous and its answer decides about the fallback. Without
// DBUS_SESSION_BUS_ADDRESS the session bus is not tried (libdbus would otherwise try to
// autolaunch a bus daemon).
class DesktopNotifier final : public QObject
{
    Q_OBJECT
public:
    enum class Channel { DBus, Tray, None };
    Q_ENUM(Channel)

    explicit DesktopNotifier(QObject *parent = nullptr);
    ~DesktopNotifier() override;

    // The one the application's windows share (lives as long as the application).
    static DesktopNotifier *shared();

    // Talk to this bus instead of the session bus (tests start a private dbus-daemon).
    void setBus(const QDBusConnection &bus);

    // `failure`: shown as critical (urgency 2) so it stays until seen.
    void notify(const QString &summary, const QString &body, bool failure);

Q_SIGNALS:
    // Where the notification went; `error` says why D-Bus was not used (empty when it was).
    void delivered(rd::ui::DesktopNotifier::Channel channel, const QString &error);

private:
    void fallBack(const QString &summary, const QString &body, bool failure, const QString &why);

    std::optional<QDBusConnection> m_bus;
    QSystemTrayIcon *m_tray = nullptr;
};

} // namespace rd::ui
