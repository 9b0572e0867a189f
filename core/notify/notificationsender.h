// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "config/workspace.h"
#include "util/error.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QString>
#include <QUrl>

class QNetworkAccessManager;

// Posting one message to every notification target of a workspace (`notifications:` —
// Slack, Telegram, generic webhook; each target a secret reference to its URL). Health alerts
// and promotion notices both go through here, so the payload rules, the secret handling and
// the bounds live in one place:
// - Slack: {"text"}.
// - Telegram Bot API sendMessage: {"chat_id", "text", "disable_web_page_preview"}; the secret
//   is the sendMessage URL with ?chat_id=…, which is taken off the URL and put in the body.
// - webhook: the message's structured fields plus "text".
// A target's URL is a secret: errors name a target by kind and position, never by URL, and
// redirects are never followed.
namespace rd::notify {

struct NotificationMessage
{
    QString text;          // what a person reads: one or two sentences, no links
    QJsonObject fields;    // the generic webhook's body ("text" is added)
};

struct NotificationRequest
{
    QUrl url;
    QByteArray json;
};

QString kindName(config::Notification::Kind kind);   // "slack" | "telegram" | "webhook"

// The URL a target's secret reference names (env:VAR, keyring:NAME). It must be https://, or
// http:// to a loopback address. Errors never repeat the secret.
[[nodiscard]] Result<QUrl> resolveTarget(const config::Notification &target);

// What to POST where for one target.
[[nodiscard]] Result<NotificationRequest> buildRequest(const config::Notification &target, const QUrl &secretUrl,
                                                       const NotificationMessage &message);

// `text` with every URL-looking word replaced by "(link removed)": notices are link-free,
// whatever a registry or a deploy command put into an error message.
QString withoutLinks(const QString &text);

// Sends messages asynchronously from the thread it lives on. Each delivery is bounded (10 s,
// answers read and dropped, at most 64 KiB), and reported once through delivered().
class NotificationSender : public QObject
{
    Q_OBJECT
public:
    static constexpr int TimeoutMs = 10'000;

    explicit NotificationSender(QList<config::Notification> targets, QObject *parent = nullptr);
    ~NotificationSender() override;

    const QList<config::Notification> &targets() const { return m_targets; }
    // Posts `message` to every target; delivered() once per target (queued, also for errors
    // found before sending).
    void send(const NotificationMessage &message);

Q_SIGNALS:
    // `target` counts from 1 in the workspace's notifications list; error empty on success.
    void delivered(int target, const QString &error);

private:
    QList<config::Notification> m_targets;
    QNetworkAccessManager *m_network;
};

struct Delivery
{
    int target = 0;        // from 1
    QString error;         // empty: delivered
};

// Sends `message` to every target and waits for all of them (a local event loop on the calling
// thread, at most TimeoutMs plus a little): for the CLI and the engine's worker thread.
QList<Delivery> sendAndWait(const QList<config::Notification> &targets, const NotificationMessage &message);

} // namespace rd::notify
