// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "checkresult.h"
#include "config/workspace.h"
#include "notify/notificationsender.h"
#include "util/error.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QUrl>

namespace rd::health {

class HealthMonitor;

// An environment that went down, or came back.
struct HealthEvent
{
    QString workspace;
    QString environment;
    Status from = Status::Unknown;
    Status to = Status::Unknown;
    QDateTime time;                // UTC
    QString detail;                // the first failing check and its error, when going down
};

// The sentence a person reads at a glance: "hockey: prod is DOWN — api: GET … answered HTTP
// 500, expected 200." / "hockey: prod is healthy again (was degraded)."
QString notificationText(const HealthEvent &event);

// The message for the shared sender (core/notify/notificationsender.h): the text, and for
// generic webhooks {"event": "health", "workspace", "environment", "from", "to", "time",
// "detail", "text"}.
notify::NotificationMessage notificationMessage(const HealthEvent &event);

// Where a target posts to and what (notify::buildRequest of notificationMessage(event)).
using NotificationRequest = notify::NotificationRequest;
Result<NotificationRequest> notificationRequest(const config::Notification &target, const QUrl &secretUrl,
                                                const HealthEvent &event);

// The URL a notification target's secret reference names: "env:VAR" reads the variable,
// "keyring:NAME" the desktop keyring entry (secrets/keyring.h). The URL must be https://, or http:// to
// a loopback address. Errors never repeat the secret.
Result<QUrl> resolveNotificationTarget(const config::Notification &target);

// Posts a HealthEvent to every notification target of the workspace when an environment of
// the monitor goes down and when it is healthy again after being down (not on every flicker
// of degraded). Deliveries go through notify::NotificationSender: asynchronous, bounded, and
// reported through delivered(); a failure names the target by kind and position, never by
// its URL, which is a secret.
class HealthNotifier : public QObject
{
    Q_OBJECT
public:
    HealthNotifier(const config::Workspace &workspace, HealthMonitor *monitor, QObject *parent = nullptr);
    ~HealthNotifier() override;

    void notify(const HealthEvent &event);

Q_SIGNALS:
    // `target` counts from 1 in the workspace's notifications list; error empty on success.
    void delivered(int target, const QString &error);

private:
    void environmentChanged(const QString &environment, Status from, Status to);

    QString m_workspace;
    HealthMonitor *m_monitor;
    notify::NotificationSender *m_sender;
    QStringList m_down;                   // environments announced as down, not yet recovered
};

} // namespace rd::health
