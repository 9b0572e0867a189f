// SPDX-License-Identifier: GPL-3.0-or-later
#include "healthnotifier.h"

#include "checkrunner.h"
#include "healthmonitor.h"

#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace rd::health {

QString notificationText(const HealthEvent &event)
{
    if (event.to == Status::Down) {
        QString text = event.workspace + u": "_s + event.environment + u" is DOWN"_s;
        if (!event.detail.isEmpty())
            text += u" — "_s + event.detail;
        return text;
    }
    return event.workspace + u": "_s + event.environment + u" is "_s + statusName(event.to) + u" again (was "_s
        + statusName(event.from) + u")."_s;
}

notify::NotificationMessage notificationMessage(const HealthEvent &event)
{
    notify::NotificationMessage message;
    message.text = notificationText(event);
    message.fields = {{u"event"_s, u"health"_s},
                      {u"workspace"_s, event.workspace},
                      {u"environment"_s, event.environment},
                      {u"from"_s, statusName(event.from)},
                      {u"to"_s, statusName(event.to)},
                      {u"time"_s, event.time.toString(Qt::ISODate)},
                      {u"detail"_s, event.detail.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(event.detail)}};
    return message;
}

Result<QUrl> resolveNotificationTarget(const config::Notification &target)
{
    return notify::resolveTarget(target);
}

Result<NotificationRequest> notificationRequest(const config::Notification &target, const QUrl &secretUrl,
                                                const HealthEvent &event)
{
    return notify::buildRequest(target, secretUrl, notificationMessage(event));
}

HealthNotifier::HealthNotifier(const config::Workspace &workspace, HealthMonitor *monitor, QObject *parent)
    : QObject(parent), m_workspace(workspace.name), m_monitor(monitor),
      m_sender(new notify::NotificationSender(workspace.notifications, this))
{
    connect(m_sender, &notify::NotificationSender::delivered, this, &HealthNotifier::delivered);
    if (m_monitor) {
        connect(m_monitor, &HealthMonitor::environmentStatusChanged, this,
                [this](const QString &environment, Status from, Status to) { environmentChanged(environment, from, to); });
    }
}

HealthNotifier::~HealthNotifier() = default;

void HealthNotifier::environmentChanged(const QString &environment, Status from, Status to)
{
    HealthEvent event{m_workspace, environment, from, to, QDateTime::currentDateTimeUtc(), {}};
    if (to == Status::Down && !m_down.contains(environment)) {
        m_down.append(environment);
        for (qsizetype i = 0; i < m_monitor->specs().size(); ++i) {
            const CheckSpec &spec = m_monitor->specs()[i];
            if (spec.environment == environment && m_monitor->state(i).status() == Status::Down) {
                event.detail = spec.name + u": "_s + m_monitor->state(i).last().error;
                break;
            }
        }
        notify(event);
    } else if (to == Status::Healthy && m_down.removeAll(environment) > 0) {
        notify(event);
    }
}

void HealthNotifier::notify(const HealthEvent &event)
{
    m_sender->send(notificationMessage(event));
}

} // namespace rd::health
