// SPDX-License-Identifier: GPL-3.0-or-later
#include "healthnotifier.h"

#include "checkrunner.h"
#include "healthmonitor.h"
#include "secrets/secretreference.h"

#include <QHostAddress>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>
#include <QUrlQuery>

using namespace Qt::StringLiterals;

namespace rd::health {

namespace {

QString kindName(config::Notification::Kind kind)
{
    switch (kind) {
    case config::Notification::Kind::Slack:
        return u"slack"_s;
    case config::Notification::Kind::Telegram:
        return u"telegram"_s;
    case config::Notification::Kind::Webhook:
        break;
    }
    return u"webhook"_s;
}

bool isLoopback(const QString &host)
{
    if (host == u"localhost")
        return true;
    const QHostAddress address(host);
    return !address.isNull() && address.isLoopback();
}

} // namespace

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

Result<QUrl> resolveNotificationTarget(const config::Notification &target)
{
    const QString kind = kindName(target.kind);
    auto secret = secrets::readSecret(target.target, u"the %1 notification target"_s.arg(kind));
    if (!secret)
        return std::unexpected(secret.error());
    const QString value = QString::fromUtf8(*secret);
    const QUrl url(value.trimmed(), QUrl::StrictMode);
    const bool https = url.scheme() == u"https";
    const bool localHttp = url.scheme() == u"http" && isLoopback(url.host());
    if (!url.isValid() || url.host().isEmpty() || (!https && !localHttp))
        return fail(Error::Domain::Config,
                    u"the %1 notification target's secret is not an https:// URL (http:// only to this machine)"_s.arg(kind));
    return url;
}

Result<NotificationRequest> notificationRequest(const config::Notification &target, const QUrl &secretUrl,
                                                const HealthEvent &event)
{
    const QString text = notificationText(event);
    NotificationRequest request;
    request.url = secretUrl;
    QJsonObject body;
    switch (target.kind) {
    case config::Notification::Kind::Slack:
        body = {{u"text"_s, text}};
        break;
    case config::Notification::Kind::Telegram: {
        QUrlQuery query(secretUrl);
        const QString chat = query.queryItemValue(u"chat_id"_s);
        if (chat.isEmpty())
            return fail(Error::Domain::Config,
                        u"the telegram notification target's URL has no chat_id (…/sendMessage?chat_id=ID)"_s);
        query.removeAllQueryItems(u"chat_id"_s);
        request.url.setQuery(query);
        body = {{u"chat_id"_s, chat}, {u"text"_s, text}, {u"disable_web_page_preview"_s, true}};
        break;
    }
    case config::Notification::Kind::Webhook:
        body = {{u"event"_s, u"health"_s},
                {u"workspace"_s, event.workspace},
                {u"environment"_s, event.environment},
                {u"from"_s, statusName(event.from)},
                {u"to"_s, statusName(event.to)},
                {u"time"_s, event.time.toString(Qt::ISODate)},
                {u"detail"_s, event.detail.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(event.detail)},
                {u"text"_s, text}};
        break;
    }
    request.json = QJsonDocument(body).toJson(QJsonDocument::Compact);
    return request;
}

HealthNotifier::HealthNotifier(const config::Workspace &workspace, HealthMonitor *monitor, QObject *parent)
    : QObject(parent), m_workspace(workspace.name), m_targets(workspace.notifications), m_monitor(monitor),
      m_network(new QNetworkAccessManager(this))
{
    m_network->setAutoDeleteReplies(false);
    if (m_monitor) {
        connect(m_monitor, &HealthMonitor::environmentStatusChanged, this,
                [this](const QString &environment, Status from, Status to) { environmentChanged(environment, from, to); });
    }
}

HealthNotifier::~HealthNotifier()
{
    qDeleteAll(findChildren<QNetworkReply *>(Qt::FindDirectChildrenOnly));
}

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
    for (qsizetype i = 0; i < m_targets.size(); ++i) {
        const int number = int(i) + 1;
        const QString what = u"notification %1 (%2)"_s.arg(number).arg(kindName(m_targets[i].kind));
        const Result<QUrl> url = resolveNotificationTarget(m_targets[i]);
        const Result<NotificationRequest> request =
            url ? notificationRequest(m_targets[i], *url, event) : Result<NotificationRequest>(std::unexpected(url.error()));
        if (!request) {
            const QString error = what + u": "_s + request.error().message;
            QMetaObject::invokeMethod(this, [this, number, error] { Q_EMIT delivered(number, error); }, Qt::QueuedConnection);
            continue;
        }
        QNetworkRequest http(request->url);
        http.setHeader(QNetworkRequest::ContentTypeHeader, u"application/json"_s);
        // A webhook URL is a secret: never follow it elsewhere.
        http.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
        QNetworkReply *reply = m_network->post(http, request->json);
        reply->setParent(this);
        auto *timer = new QTimer(reply);
        timer->setSingleShot(true);
        auto timedOut = std::make_shared<bool>(false);
        connect(timer, &QTimer::timeout, reply, [reply, timedOut] {
            *timedOut = true;
            reply->abort();
        });
        timer->start(10'000);
        connect(reply, &QNetworkReply::readyRead, reply, [reply] {
            // The answer is not needed; keep none of it.
            reply->read(64 * 1024);
        });
        const QString secret = request->url.toString();
        connect(reply, &QNetworkReply::finished, this, [this, reply, number, what, timedOut, secret] {
            reply->deleteLater();
            const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            QString error;
            if (*timedOut)
                error = what + u": the POST timed out after 10 s"_s;
            else if (status == 0)
                error = what + u": the POST failed: "_s + reply->errorString().replace(secret, u"(the target URL)"_s);
            else if (status < 200 || status > 299)
                error = what + u": the POST was answered with HTTP %1"_s.arg(status);
            Q_EMIT delivered(number, error);
        });
    }
}

} // namespace rd::health
