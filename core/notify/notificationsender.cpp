// SPDX-License-Identifier: GPL-3.0-or-later
#include "notify/notificationsender.h"

#include "secrets/secretreference.h"

#include <QEventLoop>
#include <QHostAddress>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QRegularExpression>
#include <QTimer>
#include <QUrlQuery>

using namespace Qt::StringLiterals;

namespace rd::notify {

namespace {

bool isLoopback(const QString &host)
{
    if (host == u"localhost")
        return true;
    const QHostAddress address(host);
    return !address.isNull() && address.isLoopback();
}

// Bounds what a message may carry: a notice is a paragraph, not a log.
constexpr qsizetype MaxTextLength = 3000;

} // namespace

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

QString withoutLinks(const QString &text)
{
    static const QRegularExpression url(u"\\b[A-Za-z][A-Za-z0-9+.-]*://[^\\s)\\]>\"']+"_s);
    QString out = text;
    out.replace(url, u"(link removed)"_s);
    return out;
}

Result<QUrl> resolveTarget(const config::Notification &target)
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

Result<NotificationRequest> buildRequest(const config::Notification &target, const QUrl &secretUrl,
                                         const NotificationMessage &message)
{
    const QString text = message.text.left(MaxTextLength);
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
        body = message.fields;
        body.insert(u"text"_s, text);
        break;
    }
    request.json = QJsonDocument(body).toJson(QJsonDocument::Compact);
    return request;
}

NotificationSender::NotificationSender(QList<config::Notification> targets, QObject *parent)
    : QObject(parent)
    , m_targets(std::move(targets))
    , m_network(new QNetworkAccessManager(this))
{
    m_network->setAutoDeleteReplies(false);
}

NotificationSender::~NotificationSender()
{
    qDeleteAll(findChildren<QNetworkReply *>(Qt::FindDirectChildrenOnly));
}

void NotificationSender::send(const NotificationMessage &message)
{
    for (qsizetype i = 0; i < m_targets.size(); ++i) {
        const int number = int(i) + 1;
        const QString what = u"notification %1 (%2)"_s.arg(number).arg(kindName(m_targets[i].kind));
        const Result<QUrl> url = resolveTarget(m_targets[i]);
        const Result<NotificationRequest> request =
            url ? buildRequest(m_targets[i], *url, message) : Result<NotificationRequest>(std::unexpected(url.error()));
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
        timer->start(TimeoutMs);
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
                error = what + u": the POST timed out after %1 s"_s.arg(TimeoutMs / 1000);
            else if (status == 0)
                error = what + u": the POST failed: "_s + reply->errorString().replace(secret, u"(the target URL)"_s);
            else if (status < 200 || status > 299)
                error = what + u": the POST was answered with HTTP %1"_s.arg(status);
            Q_EMIT delivered(number, error);
        });
    }
}

QList<Delivery> sendAndWait(const QList<config::Notification> &targets, const NotificationMessage &message)
{
    QList<Delivery> deliveries;
    if (targets.isEmpty())
        return deliveries;
    QEventLoop loop;
    NotificationSender sender(targets);
    QObject::connect(&sender, &NotificationSender::delivered, &loop, [&](int target, const QString &error) {
        deliveries.append(Delivery{target, error});
        if (deliveries.size() >= targets.size())
            loop.quit();
    });
    // Every reply has its own timeout; this one only guards against a reply that never ends.
    QTimer::singleShot(NotificationSender::TimeoutMs + 2'000, &loop, &QEventLoop::quit);
    sender.send(message);
    if (deliveries.size() < targets.size())
        loop.exec();
    for (int number = 1; number <= targets.size(); ++number) {
        const bool reported = std::any_of(deliveries.cbegin(), deliveries.cend(), [number](const Delivery &d) { return d.target == number; });
        if (!reported)
            deliveries.append(Delivery{number, u"notification %1 (%2): no answer in time"_s.arg(number).arg(kindName(targets[number - 1].kind))});
    }
    std::sort(deliveries.begin(), deliveries.end(), [](const Delivery &a, const Delivery &b) { return a.target < b.target; });
    return deliveries;
}

} // namespace rd::notify
