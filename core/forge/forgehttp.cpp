// SPDX-License-Identifier: GPL-3.0-or-later
#include "forge/forgehttp.h"

#include <algorithm>

#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace rd::forge {

namespace {

constexpr int MaxRedirects = 3;

QString origin(const QUrl &url)
{
    const bool tls = url.scheme() == u"https";
    return url.scheme().toLower() + u"://"_s + url.host().toLower() + u':' + QString::number(url.port(tls ? 443 : 80));
}

// "POST /repos/o/r/pulls": what was asked, for messages (never the query's values: short).
QString describe(const QByteArray &method, const QUrl &url)
{
    return QString::fromLatin1(method) + u' ' + url.path(QUrl::FullyEncoded).left(200);
}

} // namespace

ForgeHttp::ForgeHttp(QUrl api, QByteArray authorization, QString forgeName)
    : m_api(std::move(api))
    , m_authorization(std::move(authorization))
    , m_forgeName(std::move(forgeName))
{
}

Result<ForgeResponse> ForgeHttp::send(const QByteArray &method, const QByteArray &encodedPath, const QByteArray &json)
{
    QByteArray base = m_api.toEncoded();
    if (base.endsWith('/'))
        base.chop(1);
    QUrl url = QUrl::fromEncoded(QByteArray(base + encodedPath), QUrl::StrictMode);
    if (!url.isValid())
        return fail(Error::Domain::Release, u"cannot make a valid URL of %1 and %2"_s.arg(m_forgeName, QString::fromLatin1(encodedPath.left(200))));
    const bool idempotent = method == "GET";
    const int attempts = idempotent ? std::max(1, getAttempts) : 1;
    std::chrono::milliseconds backoff = retryBackoff;
    for (int attempt = 1;; ++attempt) {
        auto response = exchange(method, url, json);
        const bool transient = response ? (response->status >= 500 || response->status == 429)
                                        : response.error().code == 1;   // transport failure, see exchange()
        if (!transient || attempt >= attempts) {
            if (!response && response.error().code == 1)
                return fail(Error::Domain::Release, response.error().message);
            return response;
        }
        QEventLoop pause;
        QTimer::singleShot(backoff, &pause, &QEventLoop::quit);
        pause.exec(QEventLoop::ExcludeUserInputEvents);
        backoff *= 2;
    }
}

// One request, following redirects to the API's own origin. Errors with code 1 are transport
// failures worth retrying for a GET; others (oversize, refused redirect) are not.
Result<ForgeResponse> ForgeHttp::exchange(const QByteArray &method, QUrl url, const QByteArray &json)
{
    const QString apiOrigin = origin(m_api);
    QNetworkAccessManager manager;
    for (int hop = 0;; ++hop) {
        if (origin(url) != apiOrigin)
            return fail(Error::Domain::Release, u"%1 redirected %2 to %3, another host; not followed, so the token is not sent there"_s.arg(
                                                    m_forgeName, describe(method, url), url.adjusted(QUrl::RemovePath | QUrl::RemoveQuery).toDisplayString().left(200)));
        QNetworkRequest request(url);
        request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
        request.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
        request.setAttribute(QNetworkRequest::CacheSaveControlAttribute, false);
        request.setTransferTimeout(int(requestTimeout.count()));
        request.setRawHeader("User-Agent", "ReleaseDeck");
        request.setRawHeader("Accept", "application/json");
        if (!m_authorization.isEmpty())
            request.setRawHeader("Authorization", m_authorization);
        if (!json.isEmpty())
            request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        QNetworkReply *reply = manager.sendCustomRequest(request, method, json);
        QEventLoop loop;
        bool oversize = false;
        bool timedOut = false;
        const qint64 limit = maxResponseBytes;
        QObject::connect(reply, &QNetworkReply::downloadProgress, reply, [&, reply](qint64 received, qint64 total) {
            if (received > limit || total > limit) {
                oversize = true;
                reply->abort();
            }
        });
        QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        QTimer deadline;
        deadline.setSingleShot(true);
        QObject::connect(&deadline, &QTimer::timeout, &loop, [&] {
            timedOut = true;
            reply->abort();
        });
        deadline.start(requestTimeout);
        if (!reply->isFinished())
            loop.exec(QEventLoop::ExcludeUserInputEvents);
        deadline.stop();
        const QVariant status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
        QByteArray body = oversize ? QByteArray() : reply->read(limit + 1);
        if (body.size() > limit || reply->bytesAvailable() > 0)
            oversize = true;
        const QNetworkReply::NetworkError error = reply->error();
        const QString errorText = reply->errorString();
        const QUrl location = reply->attribute(QNetworkRequest::RedirectionTargetAttribute).toUrl();
        reply->deleteLater();
        if (oversize)
            return fail(Error::Domain::Release, u"%1 answered %2 with more than %3 bytes; refusing to read it"_s.arg(m_forgeName, describe(method, url)).arg(limit));
        if (timedOut)
            return std::unexpected(Error{Error::Domain::Release, u"%1 did not answer %2 within %3 s"_s.arg(m_forgeName, describe(method, url)).arg(requestTimeout.count() / 1000.0), {}, 1});
        if (!status.isValid())
            return std::unexpected(Error{Error::Domain::Release, u"cannot reach %1 for %2: %3"_s.arg(m_forgeName, describe(method, url), errorText.left(300)), {}, 1});
        (void)error;
        const int code = status.toInt();
        if (code >= 300 && code < 400 && location.isValid()) {
            if (hop >= MaxRedirects)
                return fail(Error::Domain::Release, u"%1 redirected %2 more than %3 times"_s.arg(m_forgeName, describe(method, url)).arg(MaxRedirects));
            url = url.resolved(location);
            continue;
        }
        return ForgeResponse{code, body};
    }
}

QString forgeMessage(const QByteArray &body)
{
    const QJsonDocument document = QJsonDocument::fromJson(body.left(64 * 1024));
    if (!document.isObject())
        return {};
    const QJsonObject object = document.object();
    QString text;
    for (const QString &key : {u"message"_s, u"error"_s}) {
        const QJsonValue value = object.value(key);
        if (value.isString()) {
            text = value.toString();
            break;
        }
        if (value.isArray() && !value.toArray().isEmpty() && value.toArray().first().isString()) {
            text = value.toArray().first().toString();
            break;
        }
    }
    // GitHub puts the detail of a 422 into errors[].message.
    const QJsonValue errors = object.value(u"errors"_s);
    if (errors.isArray()) {
        for (const QJsonValue &e : errors.toArray()) {
            const QString detail = e.toObject().value(u"message"_s).toString();
            if (!detail.isEmpty()) {
                text += (text.isEmpty() ? QString() : u": "_s) + detail;
                break;
            }
        }
    }
    QString clean;
    for (QChar c : std::as_const(text).left(300))
        clean += (c.unicode() < 0x20 || c.unicode() == 0x7f) ? u' ' : c;
    if (text.size() > 300)
        clean += u'…';
    return clean.trimmed();
}

Result<QJsonValue> parseJson(const QByteArray &body, bool array, const QString &what, const QString &forgeName)
{
    QJsonParseError error{};
    const QJsonDocument document = QJsonDocument::fromJson(body, &error);
    if (error.error != QJsonParseError::NoError)
        return fail(Error::Domain::Release, u"%1 answered %2 with text that is not JSON (%3 at offset %4)"_s.arg(forgeName, what, error.errorString()).arg(error.offset));
    if (array && !document.isArray())
        return fail(Error::Domain::Release, u"%1 answered %2 with JSON that is not a list"_s.arg(forgeName, what));
    if (!array && !document.isObject())
        return fail(Error::Domain::Release, u"%1 answered %2 with JSON that is not an object"_s.arg(forgeName, what));
    return array ? QJsonValue(document.array()) : QJsonValue(document.object());
}

Result<QJsonValue> expectJson(const QString &forgeName, const ForgeResponse &response, std::initializer_list<int> accepted,
                              const QString &action, const QString &what, bool array)
{
    if (std::find(accepted.begin(), accepted.end(), response.status) == accepted.end())
        return std::unexpected(statusError(forgeName, response.status, response.body, action));
    return parseJson(response.body, array, what, forgeName);
}

Error statusError(const QString &forgeName, int status, const QByteArray &body, const QString &action)
{
    QString sentence;
    if (status == 401)
        sentence = u"%1 rejected the token while %2 (HTTP 401): it is wrong, expired or revoked"_s.arg(forgeName, action);
    else if (status == 403)
        sentence = u"%1 refused %2 (HTTP 403): the token lacks the permission, or a rate limit was hit"_s.arg(forgeName, action);
    else if (status == 404)
        sentence = u"%1 found nothing while %2 (HTTP 404): the project is wrong or the token cannot see it"_s.arg(forgeName, action);
    else if (status == 409)
        sentence = u"%1 refused %2 because of a conflict (HTTP 409)"_s.arg(forgeName, action);
    else if (status == 422)
        sentence = u"%1 rejected %2 as invalid (HTTP 422)"_s.arg(forgeName, action);
    else if (status >= 500)
        sentence = u"%1 failed while %2 (HTTP %3, a server error)"_s.arg(forgeName, action).arg(status);
    else
        sentence = u"%1 answered HTTP %3 to %2"_s.arg(forgeName, action).arg(status);
    const QString detail = forgeMessage(body);
    if (!detail.isEmpty())
        sentence += u": \u201c"_s + detail + u"\u201d"_s;
    return Error{Error::Domain::Release, sentence, {}, status};
}

JsonFields::JsonFields(QJsonObject object, QString what, QString forgeName)
    : m_object(std::move(object))
    , m_what(std::move(what))
    , m_forgeName(std::move(forgeName))
    , m_error(std::make_shared<QString>())
{
}

void JsonFields::problem(const QString &key, const QString &expected)
{
    if (m_error->isEmpty())
        *m_error = u"%1 answered %2 with JSON whose field '%3' is not %4"_s.arg(m_forgeName, m_what, key.left(40), expected);
}

bool JsonFields::has(const QString &key) const
{
    return m_object.contains(key) && !m_object.value(key).isNull();
}

QString JsonFields::string(const QString &key, qsizetype maxSize, bool optional)
{
    const QJsonValue value = m_object.value(key);
    if (optional && (value.isUndefined() || value.isNull()))
        return {};
    if (!value.isString() || value.toString().size() > maxSize) {
        problem(key, u"text of at most %1 characters"_s.arg(maxSize));
        return {};
    }
    return value.toString();
}

int JsonFields::number(const QString &key)
{
    const QJsonValue value = m_object.value(key);
    const double d = value.toDouble(-1);
    if (!value.isDouble() || d < 1 || d > 2147483647.0 || d != double(qint64(d))) {
        problem(key, u"a whole number from 1 to 2147483647"_s);
        return 0;
    }
    return int(d);
}

std::optional<bool> JsonFields::optionalBool(const QString &key)
{
    const QJsonValue value = m_object.value(key);
    if (value.isUndefined() || value.isNull())
        return std::nullopt;
    if (!value.isBool()) {
        problem(key, u"true, false or null"_s);
        return std::nullopt;
    }
    return value.toBool();
}

JsonFields JsonFields::object(const QString &key)
{
    const QJsonValue value = m_object.value(key);
    if (!value.isObject())
        problem(key, u"an object"_s);
    JsonFields nested(value.toObject(), m_what, m_forgeName);
    nested.m_error = m_error;
    return nested;
}

Result<void> JsonFields::result() const
{
    if (!m_error->isEmpty())
        return fail(Error::Domain::Release, *m_error);
    return {};
}

} // namespace rd::forge
