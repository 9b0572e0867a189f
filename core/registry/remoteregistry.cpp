// SPDX-License-Identifier: GPL-3.0-or-later
#include "remoteregistry.h"

#include "authchallenge.h"
#include "credentials.h"
#include "mediatypes.h"
#include "plainhttpbatch.h"
#include "reference.h"

#include <QCryptographicHash>
#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QHash>
#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMutex>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSslConfiguration>
#include <QPointer>
#include <QRegularExpression>
#include <QSet>
#include <QThread>
#include <QTimer>
#include <functional>
#include <optional>

using namespace Qt::StringLiterals;

namespace rd::registry {

namespace {

constexpr int MaxRedirects = 5;
constexpr int MaxTagPages = 10'000;
constexpr qint64 MaxErrorBody = 64 * 1024;

const QByteArray ManifestAccept = QStringList{MediaType::OciManifest, MediaType::OciIndex, MediaType::DockerManifest,
                                              MediaType::DockerManifestList}
                                      .join(u", "_s)
                                      .toLatin1();

struct Request
{
    QByteArray method = "GET";
    QUrl url;
    QByteArray accept;
    QByteArray contentType;
    QByteArray body;
    qint64 limit = 0;
    bool idempotent = true;
};

struct Response
{
    int status = 0;
    QByteArray body;
    QList<QNetworkReply::RawHeaderPair> headers;
    QUrl url; // after redirects

    QByteArray header(const QByteArray &name) const
    {
        QByteArray value;
        for (const auto &[key, v] : headers) {
            if (key.compare(name, Qt::CaseInsensitive) == 0)
                value = value.isEmpty() ? v : value + ", " + v;
        }
        return value;
    }
};

// Why a request failed before an HTTP status could be judged.
struct TransportError
{
    enum class Kind { Network, Timeout, Oversize, Redirect };
    Kind kind = Kind::Network;
    QString message;
    bool permanent = false; // a retry cannot help: unknown host, TLS refused, bad URL
};

QString origin(const QUrl &url)
{
    const int defaultPort = url.scheme() == u"https" ? 443 : 80;
    return u"%1://%2:%3"_s.arg(url.scheme().toLower(), url.host().toLower()).arg(url.port(defaultPort));
}

bool isLoopbackHost(const QString &host)
{
    return host == u"localhost" || QHostAddress(host).isLoopback();
}

QString sha256Digest(const QByteArray &bytes)
{
    return u"sha256:"_s + QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
}

QString mediaTypeOf(const QByteArray &contentType)
{
    QByteArray type = contentType;
    if (const qsizetype semicolon = type.indexOf(';'); semicolon >= 0)
        type.truncate(semicolon);
    return QString::fromLatin1(type.trimmed()).toLower();
}

// The "next" target of a Link header (RFC 8288), or an empty string.
QString nextLink(const QByteArray &header)
{
    static const QRegularExpression link(u"<([^>]{1,4096})>\\s*;([^,]*)"_s);
    auto it = link.globalMatch(QString::fromLatin1(header.left(16 * 1024)));
    while (it.hasNext()) {
        const auto m = it.next();
        static const QRegularExpression relNext(u"rel\\s*=\\s*\"?next\"?"_s, QRegularExpression::CaseInsensitiveOption);
        if (relNext.match(m.captured(2)).hasMatch())
            return m.captured(1);
    }
    return {};
}

// "errors": [{"code", "message"}] of a distribution error body, shortened, or empty.
QString registryErrorText(const QByteArray &body)
{
    if (body.size() > MaxErrorBody)
        return {};
    const QJsonArray errors = QJsonDocument::fromJson(body).object().value(u"errors"_s).toArray();
    if (errors.isEmpty())
        return {};
    const QJsonObject first = errors.first().toObject();
    QString text = first.value(u"code"_s).toString();
    const QString message = first.value(u"message"_s).toString();
    if (!message.isEmpty())
        text = text.isEmpty() ? message : QString(text + u" ("_s + message + u')');
    text.remove(QRegularExpression(u"[\\x00-\\x1f\\x7f]"_s));
    return text.left(200);
}

Result<QJsonObject> parseObject(const QByteArray &bytes, const QString &what)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(bytes, &error);
    if (error.error != QJsonParseError::NoError)
        return fail(Error::Domain::Registry, u"%1 is not valid JSON (%2 at byte %3)"_s.arg(what, error.errorString()).arg(error.offset));
    if (!document.isObject())
        return fail(Error::Domain::Registry, u"%1 is not a JSON object"_s.arg(what));
    return document.object();
}

bool isIndexType(const QString &type)
{
    return type == MediaType::OciIndex || type == MediaType::DockerManifestList;
}

bool isImageManifestType(const QString &type)
{
    return type == MediaType::OciManifest || type == MediaType::DockerManifest;
}

// Image configs already read, by content: a manifest digest (with the registry and repository
// it was read from, so a digest is only answered where it was seen) and a config digest name
// content that never changes, so entries never go stale. Shared by every RemoteRegistry of the
// process: a matrix refresh reads the configs the previous one read from memory.
class ConfigCache
{
public:
    static ConfigCache &instance()
    {
        static ConfigCache cache;
        return cache;
    }

    std::optional<ImageConfig> byManifest(const QString &key) const
    {
        const QMutexLocker lock(&m_mutex);
        const auto it = m_byManifest.constFind(key);
        return it == m_byManifest.constEnd() ? std::nullopt : std::optional<ImageConfig>(*it);
    }
    std::optional<ImageConfig> byConfig(const QString &configDigest) const
    {
        const QMutexLocker lock(&m_mutex);
        const auto it = m_byConfig.constFind(configDigest);
        return it == m_byConfig.constEnd() ? std::nullopt : std::optional<ImageConfig>(*it);
    }
    void insert(const QString &manifestKey, const QString &configDigest, const ImageConfig &config)
    {
        const QMutexLocker lock(&m_mutex);
        if (m_byManifest.size() >= MaxEntries || m_byConfig.size() >= MaxEntries) {
            m_byManifest.clear(); // bounded: a long-running GUI on a huge registry starts over
            m_byConfig.clear();
        }
        if (!manifestKey.isEmpty())
            m_byManifest.insert(manifestKey, config);
        if (!configDigest.isEmpty())
            m_byConfig.insert(configDigest, config);
    }

private:
    static constexpr qsizetype MaxEntries = 50'000;
    mutable QMutex m_mutex;
    QHash<QString, ImageConfig> m_byManifest;
    QHash<QString, ImageConfig> m_byConfig;
};

ImageConfig withManifest(ImageConfig config, const QString &manifestDigest)
{
    config.manifestDigest = manifestDigest;
    return config;
}

} // namespace

struct RemoteRegistry::Private
{
    QString name;
    QUrl base;              // scheme://host[:port], no path
    QString credentialsReference;
    Options options;

    std::unique_ptr<QNetworkAccessManager> nam;
    QThread *namThread = nullptr;
    std::unique_ptr<PlainHttpBatch> plain; // batch reads of a plain-http registry
    mutable std::optional<QSslConfiguration> tls; // with `options.trustedCertificates`, made on first use

    enum class AuthMode { Anonymous, Basic, Bearer };
    AuthMode mode = AuthMode::Anonymous;
    QUrl realm;
    QString service;
    struct Token
    {
        QByteArray value;
        QDeadlineTimer expiry;
    };
    QHash<QString, Token> tokens; // by the scope we asked for
    std::optional<std::optional<Credential>> credential; // resolved on first need

    QString describe(const Request &request) const
    {
        const QString path = request.url.path(QUrl::FullyEncoded);
        return u"%1 %2"_s.arg(QString::fromLatin1(request.method), path.left(300));
    }

    // A registry with a private CA (`ca:`) is verified against it and the system's CAs; any
    // other registry keeps Qt's default configuration.
    void applyTls(QNetworkRequest &request) const
    {
        if (options.trustedCertificates.isEmpty() || request.url().scheme() != u"https")
            return;
        if (!tls) {
            tls = QSslConfiguration::defaultConfiguration();
            tls->addCaCertificates(options.trustedCertificates);
        }
        request.setSslConfiguration(*tls);
    }

    QNetworkAccessManager &network()
    {
        if (!nam || namThread != QThread::currentThread()) {
            if (nam)
                nam.release()->deleteLater(); // it belongs to the thread that used us before
            nam = std::make_unique<QNetworkAccessManager>();
            nam->setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
            if (isLoopbackHost(base.host()))
                nam->setProxy(QNetworkProxy::NoProxy); // never proxied; skips the per-request proxy lookup
            namThread = QThread::currentThread();
        }
        return *nam;
    }

    // One HTTP exchange: the request, then its redirects (GET and HEAD only). The
    // Authorization header goes only to `authOrigin`. Returns the final response or why none came.
    std::expected<Response, TransportError> exchange(const Request &request, const QByteArray &authorization,
                                                     const QString &authOrigin)
    {
        QElapsedTimer clock;
        clock.start();
        QUrl url = request.url;
        for (int hop = 0; hop <= MaxRedirects; ++hop) {
            QNetworkRequest r(url);
            r.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
            r.setTransferTimeout(int(options.transferTimeout.count()));
            r.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
            r.setAttribute(QNetworkRequest::CookieSaveControlAttribute, QNetworkRequest::Manual);
            r.setRawHeader("User-Agent", "ReleaseDeck");
            applyTls(r);
            if (!request.accept.isEmpty())
                r.setRawHeader("Accept", request.accept);
            if (!request.contentType.isEmpty())
                r.setRawHeader("Content-Type", request.contentType);
            if (!authorization.isEmpty() && origin(url) == authOrigin)
                r.setRawHeader("Authorization", authorization);

            QNetworkAccessManager &manager = network();
            std::unique_ptr<QNetworkReply> reply;
            if (request.method == "GET")
                reply.reset(manager.get(r));
            else if (request.method == "HEAD")
                reply.reset(manager.head(r));
            else
                reply.reset(manager.sendCustomRequest(r, request.method, request.body));

            bool oversize = false;
            bool timedOut = false;
            const qint64 limit = request.limit;
            QNetworkReply *raw = reply.get();
            const bool head = request.method == "HEAD"; // its Content-Length is the size of what is not sent
            QObject::connect(raw, &QNetworkReply::metaDataChanged, raw, [raw, limit, head, &oversize] {
                const QVariant length = raw->header(QNetworkRequest::ContentLengthHeader);
                if (!head && length.isValid() && length.toLongLong() > limit && !oversize) {
                    oversize = true;
                    raw->abort();
                }
            });
            QObject::connect(raw, &QNetworkReply::downloadProgress, raw, [raw, limit, &oversize](qint64 received, qint64) {
                if (received > limit && !oversize) {
                    oversize = true;
                    raw->abort();
                }
            });
            const qint64 remaining = options.requestTimeout.count() - clock.elapsed();
            if (remaining <= 0)
                return std::unexpected(TransportError{TransportError::Kind::Timeout, {}});
            QEventLoop loop;
            QTimer deadline;
            deadline.setSingleShot(true);
            QObject::connect(raw, &QNetworkReply::finished, &loop, &QEventLoop::quit);
            QObject::connect(&deadline, &QTimer::timeout, raw, [raw, &timedOut] {
                timedOut = true;
                raw->abort();
            });
            deadline.start(int(remaining));
            if (!raw->isFinished())
                loop.exec(QEventLoop::ExcludeUserInputEvents);
            deadline.stop();

            if (oversize)
                return std::unexpected(TransportError{TransportError::Kind::Oversize, {}});
            if (timedOut || raw->error() == QNetworkReply::OperationCanceledError || raw->error() == QNetworkReply::TimeoutError)
                return std::unexpected(TransportError{TransportError::Kind::Timeout, {}});
            const QVariant statusAttribute = raw->attribute(QNetworkRequest::HttpStatusCodeAttribute);
            if (!statusAttribute.isValid()) {
                const QNetworkReply::NetworkError code = raw->error();
                const bool permanent = code == QNetworkReply::HostNotFoundError || code == QNetworkReply::SslHandshakeFailedError
                                    || code == QNetworkReply::ProtocolUnknownError || code == QNetworkReply::ProtocolInvalidOperationError;
                if (code == QNetworkReply::SslHandshakeFailedError)
                    return std::unexpected(TransportError{TransportError::Kind::Network,
                                                          u"the TLS certificate is not trusted (%1); if a private CA signed it, name "
                                                          u"that CA's PEM file as the registry's 'ca'"_s.arg(raw->errorString()),
                                                          true});
                return std::unexpected(TransportError{TransportError::Kind::Network, raw->errorString(), permanent});
            }

            Response response;
            response.status = statusAttribute.toInt();
            response.headers = raw->rawHeaderPairs();
            response.url = url;
            response.body = raw->read(limit + 1);
            if (response.body.size() > limit || raw->bytesAvailable() > 0)
                return std::unexpected(TransportError{TransportError::Kind::Oversize, {}});

            const bool redirect = response.status == 301 || response.status == 302 || response.status == 303
                               || response.status == 307 || response.status == 308;
            if (!redirect)
                return response;
            if (request.method != "GET" && request.method != "HEAD")
                return std::unexpected(TransportError{TransportError::Kind::Redirect, u"a redirect for a request that is not a read"_s});
            const QByteArray location = response.header("Location");
            const QUrl next = url.resolved(QUrl(QString::fromLatin1(location), QUrl::StrictMode));
            if (location.isEmpty() || !next.isValid() || (next.scheme() != u"https" && next.scheme() != u"http") || next.host().isEmpty())
                return std::unexpected(TransportError{TransportError::Kind::Redirect, u"a redirect without a usable http(s) location"_s});
            if (url.scheme() == u"https" && next.scheme() == u"http")
                return std::unexpected(TransportError{TransportError::Kind::Redirect, u"a redirect from https to plain http (%1)"_s.arg(next.host())});
            url = next;
        }
        return std::unexpected(TransportError{TransportError::Kind::Redirect, u"more than %1 redirects"_s.arg(MaxRedirects)});
    }

    // GET and HEAD requests overlapped on the one QNetworkAccessManager, at most `parallel` in
    // flight on kept-alive connections, no redirects followed and no retries: the fast path of
    // the batch reads. A slot stays empty (status 0) for a request that failed, timed out or
    // answered more than its limit; callers then ask again the careful way (send()/call()).
    QList<Response> many(const QList<Request> &requests, const QByteArray &authorization, int parallel)
    {
        QList<Response> responses(requests.size());
        if (requests.isEmpty())
            return responses;
        if (usesPlainSockets()) {
            // Plain HTTP: straight over sockets this thread polls.
            if (!plain)
                plain = std::make_unique<PlainHttpBatch>(base.host(), quint16(base.port(80)));
            QList<BatchRequest> batch;
            batch.reserve(requests.size());
            const QString registryOrigin = origin(base);
            for (const Request &request : requests) {
                BatchRequest one;
                if (request.url.isValid() && origin(request.url) == registryOrigin) {
                    one.method = request.method;
                    one.target = request.url.path(QUrl::FullyEncoded).toLatin1();
                    if (request.url.hasQuery())
                        one.target += '?' + request.url.query(QUrl::FullyEncoded).toLatin1();
                    one.accept = request.accept;
                    one.authorization = authorization;
                    one.limit = request.limit;
                } else {
                    one.target.clear(); // not ours to send: left unanswered
                }
                batch.append(one);
            }
            QList<BatchRequest> sendable;
            QList<qsizetype> where;
            for (qsizetype i = 0; i < batch.size(); ++i) {
                if (!batch.at(i).target.isEmpty()) {
                    sendable.append(batch.at(i));
                    where.append(i);
                }
            }
            const QList<BatchResponse> answers = plain->run(sendable, parallel, options.requestTimeout);
            for (qsizetype k = 0; k < answers.size(); ++k) {
                Response &response = responses[where.at(k)];
                response.status = answers.at(k).status;
                response.headers = answers.at(k).headers;
                response.body = answers.at(k).body;
                response.url = requests.at(where.at(k)).url;
            }
            return responses;
        }
        QNetworkAccessManager &manager = network();
        QEventLoop loop;
        qsizetype next = 0;
        qsizetype done = 0;
        QList<QNetworkReply *> inFlight;
        const QString registryOrigin = origin(base);
        const auto finishOne = [&] {
            if (++done == requests.size())
                loop.quit();
        };
        std::function<void()> startNext = [&] {
            while (next < requests.size()) {
                const qsizetype index = next++;
                const Request &request = requests.at(index);
                if (!request.url.isValid()) {
                    finishOne();
                    continue; // left empty: the careful path reports it
                }
                QNetworkRequest r(request.url);
                r.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
                r.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
                r.setTransferTimeout(int(options.transferTimeout.count()));
                r.setRawHeader("User-Agent", "ReleaseDeck");
                applyTls(r);
                if (!request.accept.isEmpty())
                    r.setRawHeader("Accept", request.accept);
                if (!authorization.isEmpty() && origin(request.url) == registryOrigin)
                    r.setRawHeader("Authorization", authorization);
                QNetworkReply *reply = request.method == "HEAD" ? manager.head(r) : manager.get(r);
                inFlight.append(reply);
                const qint64 limit = request.limit;
                QObject::connect(reply, &QNetworkReply::downloadProgress, reply, [reply, limit](qint64 received, qint64) {
                    if (received > limit)
                        reply->abort();
                });
                QObject::connect(reply, &QNetworkReply::finished, &loop, [&, reply, index, limit] {
                    inFlight.removeOne(reply);
                    const QVariant status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
                    if (status.isValid() && reply->error() != QNetworkReply::OperationCanceledError) {
                        Response &response = responses[index];
                        response.body = reply->read(limit + 1);
                        if (response.body.size() <= limit && reply->bytesAvailable() == 0) {
                            response.status = status.toInt();
                            response.headers = reply->rawHeaderPairs();
                            response.url = requests.at(index).url;
                        } else {
                            response.body.clear();
                        }
                    }
                    reply->deleteLater();
                    finishOne();
                    startNext();
                });
                return;
            }
        };
        for (int i = 0; i < std::max(1, parallel); ++i)
            startNext();
        QTimer deadline;
        deadline.setSingleShot(true);
        QObject::connect(&deadline, &QTimer::timeout, &loop, [&] {
            next = requests.size(); // start nothing more
            for (QNetworkReply *reply : QList<QNetworkReply *>(inFlight))
                reply->abort(); // finished() follows, synchronously
            loop.quit();
        });
        deadline.start(int(options.requestTimeout.count()));
        if (done < requests.size())
            loop.exec(QEventLoop::ExcludeUserInputEvents);
        for (QNetworkReply *reply : QList<QNetworkReply *>(inFlight)) {
            reply->disconnect(&loop);
            reply->abort();
            reply->deleteLater();
        }
        return responses;
    }

    // exchange() with retries of idempotent requests on transport failures, 5xx and 429.
    Result<Response> send(const Request &request, const QByteArray &authorization, const QString &authOrigin)
    {
        std::chrono::milliseconds backoff = options.backoff;
        const int attempts = request.idempotent ? std::max(1, options.attempts) : 1;
        for (int attempt = 1;; ++attempt) {
            auto response = exchange(request, authorization, authOrigin);
            const bool transient = response ? (response->status >= 500 || response->status == 429)
                                            : ((response.error().kind == TransportError::Kind::Network && !response.error().permanent)
                                               || response.error().kind == TransportError::Kind::Timeout);
            if (!transient || attempt >= attempts) {
                if (response)
                    return *response;
                return std::unexpected(transportError(request, response.error()));
            }
            QEventLoop pause;
            QTimer::singleShot(backoff, &pause, &QEventLoop::quit);
            pause.exec(QEventLoop::ExcludeUserInputEvents);
            backoff *= 2;
        }
    }

    Error transportError(const Request &request, const TransportError &error) const
    {
        QString message;
        switch (error.kind) {
        case TransportError::Kind::Network:
            message = u"cannot reach registry '%1' at %2 (%3): %4"_s.arg(name, base.toString(), describe(request), error.message);
            break;
        case TransportError::Kind::Timeout:
            message = u"registry '%1' at %2 did not answer %3 in time (%4 s without data or %5 s in all)"_s.arg(name, base.toString(), describe(request))
                          .arg(options.transferTimeout.count() / 1000.0)
                          .arg(options.requestTimeout.count() / 1000.0);
            break;
        case TransportError::Kind::Oversize:
            message = u"registry '%1' answered %2 with more than %3 bytes; refusing to read it"_s.arg(name, describe(request)).arg(request.limit);
            break;
        case TransportError::Kind::Redirect:
            message = u"registry '%1' answered %2 with %3, which is not followed"_s.arg(name, describe(request), error.message);
            break;
        }
        return Error{Error::Domain::Registry, message, {}, 0};
    }

    Error statusError(const Request &request, const Response &response, const QString &what = {}) const
    {
        QString message = u"registry '%1' answered %2 to %3"_s.arg(name).arg(response.status).arg(describe(request));
        if (!what.isEmpty())
            message = what + u": "_s + message;
        if (const QString detail = registryErrorText(response.body); !detail.isEmpty())
            message += u": "_s + detail;
        return Error{Error::Domain::Registry, message, {}, response.status};
    }

    Result<const std::optional<Credential> *> resolvedCredential()
    {
        if (!credential) {
            auto resolved = resolveCredential(credentialsReference, base.toString());
            if (!resolved)
                return std::unexpected(resolved.error());
            credential = std::move(*resolved);
        }
        return &*credential;
    }

    static QByteArray basicAuthorization(const Credential &c)
    {
        return "Basic " + (c.username + u':' + c.secret).toUtf8().toBase64();
    }

    // A token for `scope` from the realm (the Docker token flow).
    Result<QByteArray> fetchToken(const QString &scope)
    {
        auto cred = resolvedCredential();
        if (!cred)
            return std::unexpected(cred.error());
        QByteArray query = realm.query(QUrl::FullyEncoded).toLatin1();
        auto addItem = [](QByteArray &q, const char *key, const QString &value) {
            if (!q.isEmpty())
                q += '&';
            q += key + ('=' + QUrl::toPercentEncoding(value));
        };
        if (!service.isEmpty())
            addItem(query, "service", service);
        for (const QString &one : scope.split(u' ', Qt::SkipEmptyParts)) // one scope= per scope
            addItem(query, "scope", one);
        QUrl url = realm;
        url.setQuery(QString::fromLatin1(query), QUrl::StrictMode);

        Request request;
        request.url = url;
        request.accept = "application/json";
        request.limit = options.maxMetadataSize;
        QByteArray authorization;
        // Credentials go to the realm only over TLS or to the registry's own host.
        const bool realmTrusted = realm.scheme() == u"https" || realm.host().compare(base.host(), Qt::CaseInsensitive) == 0;
        if (**cred && realmTrusted) {
            const Credential &c = ***cred;
            if (!c.identityToken.isEmpty()) {
                request.method = "POST";
                request.url = realm;
                request.contentType = "application/x-www-form-urlencoded";
                QByteArray form;
                addItem(form, "grant_type", u"refresh_token"_s);
                addItem(form, "refresh_token", c.identityToken);
                addItem(form, "service", service);
                for (const QString &one : scope.split(u' ', Qt::SkipEmptyParts))
                    addItem(form, "scope", one);
                addItem(form, "client_id", u"releasedeck"_s);
                request.body = form;
            } else {
                authorization = basicAuthorization(c);
            }
        }
        auto response = send(request, authorization, origin(realm));
        if (!response)
            return std::unexpected(response.error());
        if (response->status == 401 || response->status == 403) {
            const QString who = **cred ? u"refused the credentials of user '%1'"_s.arg((**cred)->username)
                                       : u"requires credentials, and none are configured"_s;
            return fail(Error::Domain::Registry,
                        u"registry '%1': the token service %2 %3 (scope %4)"_s.arg(name, realm.toString(QUrl::RemoveQuery), who, scope),
                        {});
        }
        if (response->status != 200)
            return std::unexpected(statusError(request, *response, u"fetching a token for %1"_s.arg(scope)));
        auto object = parseObject(response->body, u"the token answer of %1"_s.arg(realm.toString(QUrl::RemoveQuery)));
        if (!object)
            return std::unexpected(object.error());
        QString token = object->value(u"token"_s).toString();
        if (token.isEmpty())
            token = object->value(u"access_token"_s).toString();
        static const QRegularExpression tokenChars(u"\\A[A-Za-z0-9._~+/=-]+\\z"_s); // nothing that could end a header
        if (token.size() > 65536 || !tokenChars.match(token).hasMatch())
            return fail(Error::Domain::Registry,
                        u"registry '%1': the token service %2 answered without a usable token"_s.arg(name, realm.toString(QUrl::RemoveQuery)));
        const int expiresIn = std::clamp(object->value(u"expires_in"_s).toInt(60), 10, 24 * 3600);
        tokens.insert(scope, Token{token.toLatin1(), QDeadlineTimer(std::chrono::seconds(expiresIn - 5))});
        return token.toLatin1();
    }

    // What to send as Authorization for a request needing `scope`, given what is known so far.
    Result<QByteArray> authorizationFor(const QString &scope)
    {
        switch (mode) {
        case AuthMode::Anonymous:
            return QByteArray();
        case AuthMode::Basic: {
            auto cred = resolvedCredential();
            if (!cred)
                return std::unexpected(cred.error());
            return **cred ? basicAuthorization(***cred) : QByteArray();
        }
        case AuthMode::Bearer: {
            if (const auto it = tokens.constFind(scope); it != tokens.constEnd() && !it->expiry.hasExpired())
                return "Bearer " + it->value;
            auto token = fetchToken(scope);
            if (!token)
                return std::unexpected(token.error());
            return "Bearer " + *token;
        }
        }
        return QByteArray();
    }

    // Learns from a 401: switches to Basic or Bearer, or widens the token's scope. False (with
    // the error set) when nothing more can be tried.
    Result<void> handleChallenge(const Request &request, const Response &response, const QString &scope,
                                 const QByteArray &sent, QSet<QString> &triedScopes)
    {
        const QList<AuthChallenge> challenges = parseAuthChallenges(response.header("WWW-Authenticate"));
        const AuthChallenge *bearer = nullptr;
        const AuthChallenge *basic = nullptr;
        for (const AuthChallenge &c : challenges) {
            if (c.scheme == AuthChallenge::Scheme::Bearer && !bearer)
                bearer = &c;
            else if (c.scheme == AuthChallenge::Scheme::Basic && !basic)
                basic = &c;
        }
        if (bearer) {
            const QUrl realmUrl(bearer->realm(), QUrl::StrictMode);
            if (!realmUrl.isValid() || realmUrl.host().isEmpty() || (realmUrl.scheme() != u"https" && realmUrl.scheme() != u"http"))
                return fail(Error::Domain::Registry,
                            u"registry '%1' asked for a token from '%2', which is not an http(s) URL"_s.arg(name, bearer->realm().left(200)));
            if (realmUrl.scheme() == u"http" && base.scheme() == u"https" && !isLoopbackHost(realmUrl.host()))
                return fail(Error::Domain::Registry,
                            u"registry '%1' is https but asked for a token over plain http from %2; refused"_s.arg(name, realmUrl.host()));
            if (realmUrl.userInfo().size() > 0)
                return fail(Error::Domain::Registry, u"registry '%1' named a token realm with a user name in it; refused"_s.arg(name));
            mode = AuthMode::Bearer;
            realm = realmUrl;
            service = bearer->service();
            // Ask for what the registry says this request needs (it may be wider than what we
            // asked for before: pull → pull,push), and keep it under the scope we use.
            QString wanted = bearer->scope().isEmpty() ? scope : bearer->scope();
            if (triedScopes.contains(wanted))
                return fail(Error::Domain::Registry,
                            u"registry '%1' refused access to %2 with the token it issued (scope %3)"_s.arg(name, describe(request), wanted));
            triedScopes.insert(wanted);
            auto token = fetchToken(wanted);
            if (!token)
                return std::unexpected(token.error());
            tokens.insert(scope, tokens.value(wanted));
            return {};
        }
        if (basic) {
            auto cred = resolvedCredential();
            if (!cred)
                return std::unexpected(cred.error());
            if (!**cred)
                return fail(Error::Domain::Registry,
                            u"registry '%1' requires a user name and password for %2, and its credentials are '%3'"_s.arg(name, describe(request), credentialsReference));
            if (mode == AuthMode::Basic && sent.startsWith("Basic "))
                return fail(Error::Domain::Registry,
                            u"registry '%1' refused the credentials of user '%2' (wrong user name or password?)"_s.arg(name, (**cred)->username));
            mode = AuthMode::Basic;
            return {};
        }
        return std::unexpected(statusError(request, response, u"authentication failed (no usable WWW-Authenticate challenge)"_s));
    }

    // A request to the registry itself, authenticated as its challenges ask.
    Result<Response> call(Request request, const QString &scope)
    {
        QSet<QString> triedScopes;
        for (int round = 0; round < 4; ++round) {
            auto authorization = authorizationFor(scope);
            if (!authorization)
                return std::unexpected(authorization.error());
            auto response = send(request, *authorization, origin(base));
            if (!response)
                return response;
            if (response->status != 401)
                return response;
            if (mode == AuthMode::Bearer && authorization->startsWith("Bearer ")) {
                // The cached token was not enough: forget it so a wider one is fetched.
                tokens.remove(scope);
            }
            auto handled = handleChallenge(request, *response, scope, *authorization, triedScopes);
            if (!handled)
                return std::unexpected(handled.error());
        }
        return fail(Error::Domain::Registry, u"registry '%1' kept refusing %2 after authenticating"_s.arg(name, describe(request)));
    }

    // Batch reads go over plain sockets for http:// registries that no proxy stands in front
    // of: loopback ones always, others when no proxy is configured (QNetworkAccessManager
    // honours the proxy settings; these sockets do not).
    bool usesPlainSockets() const
    {
        if (base.scheme() != u"http")
            return false;
        if (isLoopbackHost(base.host()))
            return true;
        return QNetworkProxy::applicationProxy().type() == QNetworkProxy::NoProxy && qEnvironmentVariableIsEmpty("http_proxy")
            && qEnvironmentVariableIsEmpty("HTTP_PROXY") && qEnvironmentVariableIsEmpty("all_proxy") && qEnvironmentVariableIsEmpty("ALL_PROXY");
    }

    // A read through many() (plain HTTP: no QNetworkAccessManager thread hand-offs). A 200 or
    // 404 stands; a 5xx or 429 is retried through call() (this counted as the first attempt);
    // anything else (no answer, 401, a redirect) goes the careful way through call().
    Result<Response> quickRead(const Request &request, const QString &scope)
    {
        if (!usesPlainSockets())
            return call(request, scope);
        auto authorization = authorizationFor(scope);
        if (!authorization)
            return call(request, scope);
        const Response quick = many({request}, *authorization, 1).first();
        if (quick.status == 200 || quick.status == 404)
            return quick;
        if (quick.status >= 500 || quick.status == 429) {
            const int attempts = options.attempts;
            options.attempts = std::max(1, attempts - 1);
            auto response = call(request, scope);
            options.attempts = attempts;
            return response;
        }
        return call(request, scope); // redirects, authentication, anything unusual
    }

    // Every name of a paginated list (tags, catalog): `key` is the JSON array on each page;
    // pages follow `Link: <…>; rel="next"` on the registry's own origin. An HTTP error status
    // becomes an error whose code is that status.
    Result<QStringList> pagedList(const QUrl &first, const QString &scope, const QString &key, const QString &what,
                                  const std::function<Result<void>(const QString &)> &check)
    {
        QStringList result;
        Request request;
        request.url = first;
        request.accept = "application/json";
        request.limit = options.maxMetadataSize;
        QSet<QString> seen;
        for (int page = 0; page < MaxTagPages; ++page) {
            auto response = page == 0 ? quickRead(request, scope) : call(request, scope);
            if (!response)
                return std::unexpected(response.error());
            if (response->status != 200)
                return std::unexpected(statusError(request, *response, u"listing %1"_s.arg(what)));
            auto object = parseObject(response->body, u"%1 from registry '%2'"_s.arg(what, name));
            if (!object)
                return std::unexpected(object.error());
            const QJsonValue names = object->value(key);
            if (!names.isArray() && !names.isNull())
                return fail(Error::Domain::Registry, u"%1 from registry '%2' has no '%3' array"_s.arg(what, name, key));
            for (const QJsonValue &value : names.toArray()) {
                const QString one = value.toString();
                if (auto checked = check(one); !checked)
                    return std::unexpected(checked.error());
                result.append(one);
            }
            const QString next = nextLink(response->header("Link"));
            if (next.isEmpty()) {
                result.removeDuplicates();
                return result;
            }
            const QUrl nextUrl = request.url.resolved(QUrl(next));
            if (origin(nextUrl) != origin(base) || !nextUrl.path().startsWith(u"/v2/"_s))
                return fail(Error::Domain::Registry,
                            u"registry '%1' sent a %2 page link to another place (%3); refused"_s
                                .arg(name, key == u"tags"_s ? u"tag"_s : u"catalog"_s, nextUrl.host().left(200)));
            if (seen.contains(nextUrl.toString()))
                return fail(Error::Domain::Registry, u"registry '%1' sent pages of %2 that loop"_s.arg(name, what));
            seen.insert(nextUrl.toString());
            request.url = nextUrl;
        }
        return fail(Error::Domain::Registry, u"registry '%1' sent more than %2 pages of %3"_s.arg(name).arg(MaxTagPages).arg(what));
    }

    // PUT a manifest under `reference` (a tag, or its own digest for an index's children).
    Result<QString> putManifestAt(const QString &image, const QString &reference, const QByteArray &manifest, const QString &mediaType)
    {
        if (!isValidRepositoryName(image))
            return fail(Error::Domain::Registry, u"'%1' is not a valid image repository name"_s.arg(image.left(300)));
        if (!isValidTag(reference) && !isValidDigest(reference))
            return fail(Error::Domain::Registry, u"'%1' is neither a valid tag nor a sha256 digest"_s.arg(reference.left(140)));
        if (!isIndexType(mediaType) && !isImageManifestType(mediaType))
            return fail(Error::Domain::Registry, u"'%1' is not a manifest media type"_s.arg(mediaType.left(100)));
        const QString digest = sha256Digest(manifest);
        if (isValidDigest(reference) && reference != digest)
            return fail(Error::Domain::Registry, u"a manifest stored as %1 must have that digest, not %2"_s.arg(reference, digest));
        Request request;
        request.method = "PUT";
        request.url = endpoint(u"/v2/%1/manifests/%2"_s.arg(image, reference));
        request.contentType = mediaType.toLatin1();
        request.body = manifest;
        request.limit = 1024 * 1024;
        request.idempotent = true; // the same bytes to the same reference: repeating it changes nothing
        auto response = call(request, u"repository:%1:pull,push"_s.arg(image));
        if (!response)
            return std::unexpected(response.error());
        if (response->status != 201 && response->status != 200)
            return std::unexpected(statusError(request, *response, u"storing %1:%2"_s.arg(image, reference)));
        const QString stored = QString::fromLatin1(response->header("Docker-Content-Digest")).trimmed();
        if (!stored.isEmpty() && stored != digest)
            return fail(Error::Domain::Registry,
                        u"registry '%1' stored %2:%3 as %4, not as the digest %5 that was sent"_s.arg(name, image, reference, stored.left(80), digest));
        return digest;
    }

    QString manifestCacheKey(const QString &image, const QString &manifestDigest) const
    {
        return origin(base) + u'/' + image + u'@' + manifestDigest;
    }

    QUrl endpoint(const QString &path) const
    {
        QUrl url = base;
        url.setPath(path);
        return url;
    }

    Result<Response> getBlobOrManifest(const QString &image, const QString &path, const QByteArray &accept)
    {
        Request request;
        request.url = endpoint(u"/v2/"_s + image + path);
        request.accept = accept;
        request.limit = options.maxMetadataSize;
        return call(request, u"repository:%1:pull"_s.arg(image));
    }
};

RemoteRegistry::RemoteRegistry(QString name, const QUrl &url, QString credentials, Options options)
    : d(std::make_unique<Private>())
{
    d->name = std::move(name);
    d->base = url.adjusted(QUrl::RemovePath | QUrl::RemoveQuery | QUrl::RemoveFragment | QUrl::RemoveUserInfo);
    d->credentialsReference = std::move(credentials);
    d->options = options;
}

RemoteRegistry::RemoteRegistry(QString name, const QUrl &url, QString credentials)
    : RemoteRegistry(std::move(name), url, std::move(credentials), Options{})
{
}

RemoteRegistry::~RemoteRegistry()
{
    if (d->nam && d->namThread != QThread::currentThread())
        d->nam.release()->deleteLater();
}

Result<QStringList> RemoteRegistry::tags(const QString &image)
{
    if (!isValidRepositoryName(image))
        return fail(Error::Domain::Registry, u"'%1' is not a valid image repository name"_s.arg(image.left(300)));
    auto names = d->pagedList(d->endpoint(u"/v2/"_s + image + u"/tags/list"_s), u"repository:%1:pull"_s.arg(image), u"tags"_s,
                              u"the tag list of %1"_s.arg(image), [&](const QString &tag) -> Result<void> {
                                  if (!isValidTag(tag))
                                      return fail(Error::Domain::Registry,
                                                  u"registry '%1' lists the tag '%2' for %3, which is not a valid OCI tag"_s.arg(d->name, tag.left(140), image));
                                  return {};
                              });
    if (!names && names.error().code == 404)
        return fail(Error::Domain::Registry, u"image %1 does not exist in registry '%2'"_s.arg(image, d->name), {});
    return names;
}

Result<QStringList> RemoteRegistry::catalog()
{
    QUrl url = d->endpoint(u"/v2/_catalog"_s);
    url.setQuery(u"n=%1"_s.arg(d->options.catalogPageSize));
    auto names = d->pagedList(url, u"registry:catalog:*"_s, u"repositories"_s, u"the catalog"_s, [&](const QString &name) -> Result<void> {
        if (!isValidRepositoryName(name))
            return fail(Error::Domain::Registry,
                        u"registry '%1' lists the repository '%2', which is not a valid repository name"_s.arg(d->name, name.left(300)));
        return {};
    });
    if (names)
        names->sort();
    return names;
}

Result<QString> RemoteRegistry::resolveTag(const QString &image, const QString &tag)
{
    if (!isValidRepositoryName(image))
        return fail(Error::Domain::Registry, u"'%1' is not a valid image repository name"_s.arg(image.left(300)));
    if (!isValidTag(tag))
        return fail(Error::Domain::Registry, u"'%1' is not a valid tag"_s.arg(tag.left(140)));
    Request request;
    request.method = "HEAD";
    request.url = d->endpoint(u"/v2/%1/manifests/%2"_s.arg(image, tag));
    request.accept = ManifestAccept;
    request.limit = d->options.maxMetadataSize;
    auto response = d->call(request, u"repository:%1:pull"_s.arg(image));
    if (!response)
        return std::unexpected(response.error());
    if (response->status == 404)
        return fail(Error::Domain::Registry, u"image %1 has no tag '%2' in registry '%3'"_s.arg(image, tag, d->name));
    if (response->status != 200)
        return std::unexpected(d->statusError(request, *response, u"resolving %1:%2"_s.arg(image, tag)));
    const QString digest = QString::fromLatin1(response->header("Docker-Content-Digest")).trimmed();
    if (digest.isEmpty()) {
        // Not every registry answers the digest to HEAD: read the manifest and hash it.
        auto m = manifest(image, tag);
        if (!m)
            return std::unexpected(m.error());
        return m->digest;
    }
    if (!isValidDigest(digest))
        return fail(Error::Domain::Registry,
                    u"registry '%1' answered the invalid digest '%2' for %3:%4"_s.arg(d->name, digest.left(80), image, tag));
    return digest;
}

QList<Result<QString>> RemoteRegistry::resolveTags(const QString &image, const QStringList &tags)
{
    QList<Result<QString>> digests;
    digests.reserve(tags.size());
    if (tags.isEmpty())
        return digests;
    // The first tag goes the careful way: it settles authentication (and fails cleanly on a
    // bad image name or an unreachable registry).
    digests.append(resolveTag(image, tags.first()));
    if (!digests.first() && tags.size() > 1 && !digests.first().error().message.contains(u"has no tag"_s)) {
        for (qsizetype i = 1; i < tags.size(); ++i)
            digests.append(std::unexpected(digests.first().error()));
        return digests;
    }
    QList<Request> heads;
    for (qsizetype i = 1; i < tags.size(); ++i) {
        Request head;
        head.method = "HEAD";
        head.url = isValidTag(tags.at(i)) ? d->endpoint(u"/v2/%1/manifests/%2"_s.arg(image, tags.at(i))) : QUrl();
        head.accept = ManifestAccept;
        head.limit = d->options.maxMetadataSize;
        heads.append(head);
    }
    auto authorization = d->authorizationFor(u"repository:%1:pull"_s.arg(image));
    const QList<Response> quick = authorization ? d->many(heads, *authorization, d->options.parallelRequests)
                                                : QList<Response>(heads.size());
    for (qsizetype i = 1; i < tags.size(); ++i) {
        const Response &response = quick.at(i - 1);
        const QString digest = QString::fromLatin1(response.header("Docker-Content-Digest")).trimmed();
        if (response.status == 200 && isValidDigest(digest))
            digests.append(digest);
        else
            digests.append(resolveTag(image, tags.at(i))); // errors, retries and auth as usual
    }
    return digests;
}

QList<Result<RegistryBackend::TaggedImage>> RemoteRegistry::taggedImages(const QString &image, const QStringList &tags)
{
    QList<Result<TaggedImage>> results;
    results.reserve(tags.size());
    for (qsizetype i = 0; i < tags.size(); ++i)
        results.append(fail(Error::Domain::Registry, u"not read"_s));
    if (tags.isEmpty())
        return results;
    const QString scope = u"repository:%1:pull"_s.arg(image);
    auto authorization = isValidRepositoryName(image) ? d->authorizationFor(scope) : Result<QByteArray>(QByteArray());

    // Round 1: every manifest by its tag — one GET gives the digest (hashed here) and the
    // config it names.
    QList<Request> gets;
    for (const QString &tag : tags) {
        Request get;
        get.url = isValidRepositoryName(image) && isValidTag(tag) ? d->endpoint(u"/v2/%1/manifests/%2"_s.arg(image, tag)) : QUrl();
        get.accept = ManifestAccept;
        get.limit = d->options.maxMetadataSize;
        gets.append(get);
    }
    const QList<Response> manifests = authorization ? d->many(gets, *authorization, d->options.parallelRequests)
                                                    : QList<Response>(gets.size());
    QList<qsizetype> careful;                        // asked again one by one, the careful way
    QList<QString> digests(tags.size());
    QHash<QString, QList<qsizetype>> needConfig;     // config digest → the tags showing it
    for (qsizetype i = 0; i < tags.size(); ++i) {
        const Response &response = manifests.at(i);
        if (response.status != 200) {
            careful.append(i);
            continue;
        }
        const QString digest = sha256Digest(response.body);
        const QString announced = QString::fromLatin1(response.header("Docker-Content-Digest")).trimmed();
        const QJsonObject object = QJsonDocument::fromJson(response.body).object();
        QString mediaType = object.value(u"mediaType"_s).toString();
        if (mediaType.isEmpty())
            mediaType = mediaTypeOf(response.header("Content-Type"));
        const QString configDigest = object.value(u"config"_s).toObject().value(u"digest"_s).toString();
        if ((!announced.isEmpty() && announced != digest) || !isImageManifestType(mediaType) || !isValidDigest(configDigest)) {
            careful.append(i); // an index, or something to report properly
            continue;
        }
        digests[i] = digest;
        if (auto cached = ConfigCache::instance().byConfig(configDigest)) {
            ConfigCache::instance().insert(d->manifestCacheKey(image, digest), {}, *cached);
            results[i] = TaggedImage{digest, withManifest(*cached, digest)};
        } else {
            needConfig[configDigest].append(i);
        }
    }

    // Round 2: each config not seen before, once per distinct config.
    QList<Request> blobs;
    const QStringList configDigests = needConfig.keys();
    for (const QString &configDigest : configDigests) {
        Request get;
        get.url = d->endpoint(u"/v2/%1/blobs/%2"_s.arg(image, configDigest));
        get.accept = "application/json, */*";
        get.limit = d->options.maxMetadataSize;
        blobs.append(get);
    }
    const QList<Response> configs = d->many(blobs, authorization ? *authorization : QByteArray(), d->options.parallelRequests);
    for (qsizetype c = 0; c < configDigests.size(); ++c) {
        const QString &configDigest = configDigests.at(c);
        const Response &response = configs.at(c);
        const QJsonDocument document = response.status == 200 && sha256Digest(response.body) == configDigest
                                         ? QJsonDocument::fromJson(response.body) : QJsonDocument();
        for (const qsizetype i : needConfig.value(configDigest)) {
            if (!document.isObject()) {
                careful.append(i);
                continue;
            }
            const ImageConfig config = ImageConfig::fromJson(document.object(), digests.at(i));
            ConfigCache::instance().insert(d->manifestCacheKey(image, digests.at(i)), configDigest, config);
            results[i] = TaggedImage{digests.at(i), config};
        }
    }

    // The rest the careful way: errors, retries, redirects and authentication as usual. When
    // nothing answered at all, the first careful answer stands for the others (a dead registry
    // is reported once, not waited for once per tag).
    std::sort(careful.begin(), careful.end());
    bool nothingAnswered = true;
    for (const Response &response : manifests)
        nothingAnswered = nothingAnswered && response.status == 0;
    std::optional<Error> shared;
    for (const qsizetype i : careful) {
        if (shared) {
            results[i] = std::unexpected(*shared);
            continue;
        }
        auto digest = resolveTag(image, tags.at(i));
        if (!digest) {
            results[i] = std::unexpected(digest.error());
            if (nothingAnswered && !digest.error().message.contains(u"has no tag"_s))
                shared = digest.error();
            continue;
        }
        auto config = imageConfig(image, *digest);
        if (config)
            results[i] = TaggedImage{*digest, *config};
        else
            results[i] = std::unexpected(config.error());
    }
    return results;
}

Result<RemoteRegistry::Manifest> RemoteRegistry::manifest(const QString &image, const QString &reference)
{
    if (!isValidRepositoryName(image))
        return fail(Error::Domain::Registry, u"'%1' is not a valid image repository name"_s.arg(image.left(300)));
    const bool byDigest = reference.startsWith(u"sha256:"_s);
    if (byDigest ? !isValidDigest(reference) : !isValidTag(reference))
        return fail(Error::Domain::Registry, u"'%1' is neither a valid tag nor a sha256 digest"_s.arg(reference.left(140)));
    auto response = d->getBlobOrManifest(image, u"/manifests/"_s + reference, ManifestAccept);
    if (!response)
        return std::unexpected(response.error());
    if (response->status == 404)
        return fail(Error::Domain::Registry, u"image %1 has no manifest '%2' in registry '%3'"_s.arg(image, reference, d->name));
    if (response->status != 200) {
        Request request;
        request.url = response->url;
        return std::unexpected(d->statusError(request, *response, u"reading the manifest %1 of %2"_s.arg(reference, image)));
    }
    Manifest result;
    result.bytes = response->body;
    result.digest = sha256Digest(result.bytes);
    result.mediaType = mediaTypeOf(response->header("Content-Type"));
    if (byDigest && result.digest != reference)
        return fail(Error::Domain::Registry,
                    u"registry '%1' sent a manifest for %2@%3 whose content does not match that digest"_s.arg(d->name, image, reference));
    const QString announced = QString::fromLatin1(response->header("Docker-Content-Digest")).trimmed();
    if (!announced.isEmpty() && announced != result.digest)
        return fail(Error::Domain::Registry,
                    u"registry '%1' sent a manifest for %2:%3 whose content does not match the digest it announced"_s.arg(d->name, image, reference));
    // The manifest's own mediaType field is authoritative when present.
    auto object = parseObject(result.bytes, u"the manifest %1 of %2 from registry '%3'"_s.arg(reference, image, d->name));
    if (!object)
        return std::unexpected(object.error());
    if (const QString declared = object->value(u"mediaType"_s).toString(); !declared.isEmpty())
        result.mediaType = declared;
    if (!isIndexType(result.mediaType) && !isImageManifestType(result.mediaType))
        return fail(Error::Domain::Registry,
                    u"the manifest %1 of %2 in registry '%3' has the unsupported media type '%4'"_s.arg(reference, image, d->name, result.mediaType.left(100)));
    return result;
}

Result<ImageConfig> RemoteRegistry::imageConfig(const QString &image, const QString &manifestDigest)
{
    const QString cacheKey = d->manifestCacheKey(image, manifestDigest);
    if (isValidDigest(manifestDigest)) {
        if (auto cached = ConfigCache::instance().byManifest(cacheKey))
            return withManifest(*cached, manifestDigest);
    }
    QString reference = manifestDigest;
    for (int depth = 0; depth < 2; ++depth) {
        auto m = manifest(image, reference);
        if (!m)
            return std::unexpected(m.error());
        auto object = parseObject(m->bytes, u"manifest %1 of %2"_s.arg(reference, image));
        if (!object)
            return std::unexpected(object.error());
        if (isIndexType(m->mediaType)) {
            // A multi-platform image: linux/amd64 when listed, else the first entry.
            const QJsonArray entries = object->value(u"manifests"_s).toArray();
            if (entries.isEmpty())
                return fail(Error::Domain::Registry, u"image index %1 of %2 lists no manifests"_s.arg(reference, image));
            QString chosen = entries.first().toObject().value(u"digest"_s).toString();
            for (const QJsonValue &entry : entries) {
                const QJsonObject platform = entry.toObject().value(u"platform"_s).toObject();
                if (platform.value(u"os"_s).toString() == u"linux" && platform.value(u"architecture"_s).toString() == u"amd64") {
                    chosen = entry.toObject().value(u"digest"_s).toString();
                    break;
                }
            }
            if (!isValidDigest(chosen))
                return fail(Error::Domain::Registry, u"image index %1 of %2 names the invalid digest '%3'"_s.arg(reference, image, chosen.left(80)));
            reference = chosen;
            continue;
        }
        const QString configDigest = object->value(u"config"_s).toObject().value(u"digest"_s).toString();
        if (!isValidDigest(configDigest))
            return fail(Error::Domain::Registry, u"manifest %1 of %2 names the invalid config digest '%3'"_s.arg(reference, image, configDigest.left(80)));
        if (auto cached = ConfigCache::instance().byConfig(configDigest)) {
            ConfigCache::instance().insert(cacheKey, {}, *cached);
            return withManifest(*cached, manifestDigest);
        }
        auto blob = d->getBlobOrManifest(image, u"/blobs/"_s + configDigest, "application/json, */*");
        if (!blob)
            return std::unexpected(blob.error());
        if (blob->status != 200) {
            Request request;
            request.url = blob->url;
            return std::unexpected(d->statusError(request, *blob, u"reading the config %1 of %2"_s.arg(configDigest, image)));
        }
        if (sha256Digest(blob->body) != configDigest)
            return fail(Error::Domain::Registry,
                        u"registry '%1' sent a config blob %2 of %3 whose content does not match its digest"_s.arg(d->name, configDigest, image));
        auto config = parseObject(blob->body, u"config %1 of %2"_s.arg(configDigest, image));
        if (!config)
            return std::unexpected(config.error());
        const ImageConfig parsed = ImageConfig::fromJson(*config, manifestDigest);
        ConfigCache::instance().insert(cacheKey, configDigest, parsed);
        return parsed;
    }
    return fail(Error::Domain::Registry, u"image %1 nests indexes too deeply at %2"_s.arg(image, manifestDigest));
}

Result<QString> RemoteRegistry::retag(const QString &image, const QString &sourceTag, const QString &targetTag,
                                      const QString &expectedDigest)
{
    if (!isValidTag(sourceTag) || !isValidTag(targetTag))
        return fail(Error::Domain::Registry, u"cannot tag '%1' as '%2': not valid OCI tags"_s.arg(sourceTag.left(140), targetTag.left(140)));
    if (!expectedDigest.isEmpty() && !isValidDigest(expectedDigest))
        return fail(Error::Domain::Registry, u"'%1' is not a valid sha256 digest"_s.arg(expectedDigest.left(80)));
    auto m = manifest(image, sourceTag);
    if (!m)
        return std::unexpected(m.error());
    if (!expectedDigest.isEmpty() && m->digest != expectedDigest)
        return fail(Error::Domain::Registry,
                    u"refusing to tag %1:%2 as %3: it now points at %4, not at %5 as when the plan was made"_s
                        .arg(image, sourceTag, targetTag, m->digest, expectedDigest));
    auto stored = putManifest(image, targetTag, m->bytes, m->mediaType);
    if (!stored)
        return std::unexpected(stored.error());
    return m->digest;
}

Result<QString> RemoteRegistry::deleteTags(const QString &image, const QStringList &doomed, const QString &expectedDigest)
{
    if (!isValidRepositoryName(image))
        return fail(Error::Domain::Registry, u"'%1' is not a valid image repository name"_s.arg(image.left(300)));
    if (doomed.isEmpty())
        return fail(Error::Domain::Registry, u"no tag of %1 was named to delete"_s.arg(image));
    for (const QString &tag : doomed) {
        if (!isValidTag(tag))
            return fail(Error::Domain::Registry, u"'%1' is not a valid tag"_s.arg(tag.left(140)));
    }
    if (!expectedDigest.isEmpty() && !isValidDigest(expectedDigest))
        return fail(Error::Domain::Registry, u"'%1' is not a valid sha256 digest"_s.arg(expectedDigest.left(80)));
    const QString named = doomed.join(u", "_s);
    const QString scope = u"repository:%1:pull,push,delete"_s.arg(image);
    // Every tag to delete must point at one digest (the expected one, when given).
    const auto pointAt = [&]() -> Result<QString> {
        QString digest = expectedDigest;
        const QList<Result<QString>> digests = resolveTags(image, doomed);
        for (qsizetype i = 0; i < doomed.size(); ++i) {
            if (!digests.at(i))
                return std::unexpected(digests.at(i).error());
            if (digest.isEmpty())
                digest = *digests.at(i);
            if (*digests.at(i) != digest)
                return fail(Error::Domain::Registry,
                            u"refusing to delete %1:%2: it now points at %3, not at %4 as when the plan was made"_s.arg(image, doomed.at(i), *digests.at(i), digest));
        }
        return digest;
    };
    auto digest = pointAt();
    if (!digest)
        return digest;

    // The OCI way: DELETE the tag itself. Registries that support it remove only that tag;
    // Distribution 2.x refuses (400 DIGEST_INVALID or 405 UNSUPPORTED) and changes nothing.
    bool byTagWorks = true;
    for (const QString &tag : doomed) {
        Request byTag;
        byTag.method = "DELETE";
        byTag.url = d->endpoint(u"/v2/%1/manifests/%2"_s.arg(image, tag));
        byTag.limit = 64 * 1024;
        byTag.idempotent = false;
        auto tagged = d->call(byTag, scope);
        if (!tagged)
            return std::unexpected(tagged.error());
        if (tagged->status == 202 || tagged->status == 200)
            continue;
        if (&tag == &doomed.first() && (tagged->status == 400 || tagged->status == 405)) {
            byTagWorks = false;
            break;
        }
        return std::unexpected(d->statusError(byTag, *tagged, u"deleting %1:%2"_s.arg(image, tag)));
    }
    if (byTagWorks)
        return *digest;

    // Deleting by digest removes every tag on that digest: only when no other tag shares it.
    const auto sharing = [&]() -> Result<QStringList> {
        auto all = tags(image);
        if (!all)
            return std::unexpected(all.error());
        QStringList others;
        for (const QString &one : std::as_const(*all)) {
            if (!doomed.contains(one))
                others.append(one);
        }
        const QList<Result<QString>> digests = resolveTags(image, others);
        QStringList shared;
        for (qsizetype i = 0; i < others.size() && i < digests.size(); ++i) {
            if (digests[i] && *digests[i] == *digest)
                shared.append(others[i]);
            else if (!digests[i] && !digests[i].error().message.contains(u"has no tag"_s))
                return std::unexpected(digests[i].error()); // unsure whether it shares: do not delete
        }
        shared.sort();
        return shared;
    };
    auto shared = sharing();
    if (!shared)
        return std::unexpected(shared.error());
    if (!shared->isEmpty())
        return fail(Error::Domain::Registry,
                    u"refusing to delete %1:%2: registry '%3' deletes by digest only, and %4 also point%5 at %6 and would go too"_s
                        .arg(image, named, d->name, shared->join(u", "_s), shared->size() == 1 ? u"s"_s : QString(), *digest));
    // Checked once more just before: a tag pushed meanwhile onto this digest would go with it.
    auto again = pointAt();
    if (!again)
        return again;
    if (*again != *digest)
        return fail(Error::Domain::Registry, u"refusing to delete %1:%2: it moved to %3 meanwhile"_s.arg(image, named, *again));
    shared = sharing();
    if (!shared)
        return std::unexpected(shared.error());
    if (!shared->isEmpty())
        return fail(Error::Domain::Registry,
                    u"refusing to delete %1:%2: %3 now also point at %4"_s.arg(image, named, shared->join(u", "_s), *digest));

    Request byDigest;
    byDigest.method = "DELETE";
    byDigest.url = d->endpoint(u"/v2/%1/manifests/%2"_s.arg(image, *digest));
    byDigest.limit = 64 * 1024;
    byDigest.idempotent = false;
    auto deleted = d->call(byDigest, scope);
    if (!deleted)
        return std::unexpected(deleted.error());
    if (deleted->status != 202 && deleted->status != 200)
        return std::unexpected(d->statusError(byDigest, *deleted, u"deleting %1:%2 (%3)"_s.arg(image, named, *digest)));
    return *digest;
}

Result<QString> RemoteRegistry::mountBlob(const QString &image, const QString &digest, const QString &from, qint64 size)
{
    if (!isValidRepositoryName(image) || !isValidRepositoryName(from))
        return fail(Error::Domain::Registry, u"'%1' is not a valid image repository name"_s.arg(image.left(300)));
    if (!isValidDigest(digest))
        return fail(Error::Domain::Registry, u"'%1' is not a valid sha256 digest"_s.arg(digest.left(80)));
    const QString scope = u"repository:%1:pull,push repository:%2:pull"_s.arg(image, from);
    Request head;
    head.method = "HEAD";
    head.url = d->endpoint(u"/v2/%1/blobs/%2"_s.arg(image, digest));
    head.limit = d->options.maxMetadataSize;
    auto exists = d->call(head, scope);
    if (!exists)
        return std::unexpected(exists.error());
    if (exists->status == 200)
        return u"present"_s;

    Request start;
    start.method = "POST";
    start.url = d->endpoint(u"/v2/%1/blobs/uploads/"_s.arg(image));
    start.url.setQuery(u"mount=%1&from=%2"_s.arg(digest, from));
    start.limit = 64 * 1024;
    start.idempotent = false;
    auto started = d->call(start, scope);
    if (!started)
        return std::unexpected(started.error());
    if (started->status == 201)
        return u"mounted"_s;
    if (started->status != 202)
        return std::unexpected(d->statusError(start, *started, u"mounting %1 into %2"_s.arg(digest, image)));

    // No mount (another registry, or no read access there): copy the bytes through memory.
    if (size > d->options.maxCopiedBlobSize)
        return fail(Error::Domain::Registry,
                    u"cannot copy blob %1 to %2: it is %3 bytes, more than the %4 allowed without a mount"_s.arg(digest, image).arg(size).arg(d->options.maxCopiedBlobSize));
    Request get;
    get.url = d->endpoint(u"/v2/%1/blobs/%2"_s.arg(from, digest));
    get.accept = "*/*";
    get.limit = std::max<qint64>(size, 1);
    auto blob = d->call(get, u"repository:%1:pull"_s.arg(from));
    if (!blob)
        return std::unexpected(blob.error());
    if (blob->status != 200)
        return std::unexpected(d->statusError(get, *blob, u"reading blob %1 of %2"_s.arg(digest, from)));
    if (sha256Digest(blob->body) != digest)
        return fail(Error::Domain::Registry, u"registry '%1' sent blob %2 of %3 with content that does not match it"_s.arg(d->name, digest, from));
    auto pushed = pushBlob(image, blob->body);
    if (!pushed)
        return std::unexpected(pushed.error());
    return u"uploaded"_s;
}

Result<RemoteRegistry::CopyReport> RemoteRegistry::copyImage(const QString &sourceImage, const QString &reference,
                                                           const QString &targetImage, const QString &targetTag)
{
    if (!isValidRepositoryName(targetImage))
        return fail(Error::Domain::Registry, u"'%1' is not a valid image repository name"_s.arg(targetImage.left(300)));
    if (!isValidTag(targetTag))
        return fail(Error::Domain::Registry, u"'%1' is not a valid tag"_s.arg(targetTag.left(140)));
    auto top = manifest(sourceImage, reference);
    if (!top)
        return std::unexpected(top.error());
    CopyReport report;
    report.digest = top->digest;

    // An image manifest's blobs (config and layers) into the target, mounted where possible.
    const auto copyBlobs = [&](const Manifest &m) -> Result<void> {
        auto object = parseObject(m.bytes, u"the manifest %1 of %2"_s.arg(m.digest, sourceImage));
        if (!object)
            return std::unexpected(object.error());
        QJsonArray descriptors = object->value(u"layers"_s).toArray();
        descriptors.prepend(object->value(u"config"_s));
        for (const QJsonValue &value : std::as_const(descriptors)) {
            const QJsonObject descriptor = value.toObject();
            const QString digest = descriptor.value(u"digest"_s).toString();
            const qint64 size = qint64(descriptor.value(u"size"_s).toDouble(-1));
            if (!isValidDigest(digest) || size < 0)
                return fail(Error::Domain::Registry, u"the manifest %1 of %2 has a blob without a valid digest and size"_s.arg(m.digest, sourceImage));
            auto how = mountBlob(targetImage, digest, sourceImage, size);
            if (!how)
                return std::unexpected(how.error());
            if (*how == u"mounted"_s)
                ++report.mounted;
            else if (*how == u"uploaded"_s)
                ++report.uploaded;
            else
                ++report.present;
        }
        return {};
    };

    if (isIndexType(top->mediaType)) {
        auto object = parseObject(top->bytes, u"the index %1 of %2"_s.arg(top->digest, sourceImage));
        if (!object)
            return std::unexpected(object.error());
        const QJsonArray children = object->value(u"manifests"_s).toArray();
        if (children.size() > 1000)
            return fail(Error::Domain::Registry, u"the index %1 of %2 lists more than 1000 manifests"_s.arg(top->digest, sourceImage));
        for (const QJsonValue &value : children) {
            const QString childDigest = value.toObject().value(u"digest"_s).toString();
            if (!isValidDigest(childDigest))
                return fail(Error::Domain::Registry, u"the index %1 of %2 names the invalid digest '%3'"_s.arg(top->digest, sourceImage, childDigest.left(80)));
            auto child = manifest(sourceImage, childDigest);
            if (!child)
                return std::unexpected(child.error());
            if (!isImageManifestType(child->mediaType))
                return fail(Error::Domain::Registry, u"the index %1 of %2 nests another index; not copied"_s.arg(top->digest, sourceImage));
            if (auto copied = copyBlobs(*child); !copied)
                return std::unexpected(copied.error());
            auto stored = d->putManifestAt(targetImage, childDigest, child->bytes, child->mediaType);
            if (!stored)
                return std::unexpected(stored.error());
            ++report.manifests;
        }
    } else if (auto copied = copyBlobs(*top); !copied) {
        return std::unexpected(copied.error());
    }
    auto stored = putManifest(targetImage, targetTag, top->bytes, top->mediaType);
    if (!stored)
        return std::unexpected(stored.error());
    ++report.manifests;
    return report;
}

Result<QString> RemoteRegistry::putManifest(const QString &image, const QString &tag, const QByteArray &manifest,
                                            const QString &mediaType)
{
    if (!isValidTag(tag))
        return fail(Error::Domain::Registry, u"'%1' is not a valid tag"_s.arg(tag.left(140)));
    return d->putManifestAt(image, tag, manifest, mediaType);
}

Result<QString> RemoteRegistry::pushBlob(const QString &image, const QByteArray &content, const QString &mountFrom)
{
    if (!isValidRepositoryName(image) || (!mountFrom.isEmpty() && !isValidRepositoryName(mountFrom)))
        return fail(Error::Domain::Registry, u"'%1' is not a valid image repository name"_s.arg(image.left(300)));
    const QString digest = sha256Digest(content);
    const QString scope = mountFrom.isEmpty() ? u"repository:%1:pull,push"_s.arg(image)
                                              : u"repository:%1:pull,push repository:%2:pull"_s.arg(image, mountFrom);
    Request head;
    head.method = "HEAD";
    head.url = d->endpoint(u"/v2/%1/blobs/%2"_s.arg(image, digest));
    head.limit = d->options.maxMetadataSize;
    auto exists = d->call(head, scope);
    if (!exists)
        return std::unexpected(exists.error());
    if (exists->status == 200)
        return digest;

    Request start;
    start.method = "POST";
    start.url = d->endpoint(u"/v2/%1/blobs/uploads/"_s.arg(image));
    if (!mountFrom.isEmpty())
        start.url.setQuery(u"mount=%1&from=%2"_s.arg(digest, mountFrom));
    start.limit = 64 * 1024;
    start.idempotent = false;
    auto started = d->call(start, scope);
    if (!started)
        return std::unexpected(started.error());
    if (started->status == 201 && !mountFrom.isEmpty())
        return digest; // mounted: no bytes moved
    if (started->status != 202)
        return std::unexpected(d->statusError(start, *started, u"starting an upload to %1"_s.arg(image)));
    const QByteArray location = started->header("Location");
    QUrl upload = start.url.resolved(QUrl(QString::fromLatin1(location), QUrl::StrictMode));
    if (location.isEmpty() || !upload.isValid() || (upload.scheme() != u"https" && upload.scheme() != u"http"))
        return fail(Error::Domain::Registry, u"registry '%1' started an upload to %2 without a usable Location"_s.arg(d->name, image));
    if (d->base.scheme() == u"https" && upload.scheme() != u"https")
        return fail(Error::Domain::Registry, u"registry '%1' sent an upload location over plain http; refused"_s.arg(d->name));
    QString query = upload.query(QUrl::FullyEncoded);
    query += (query.isEmpty() ? u""_s : u"&"_s) + u"digest="_s + QString::fromLatin1(QUrl::toPercentEncoding(digest));
    upload.setQuery(query, QUrl::StrictMode);

    Request put;
    put.method = "PUT";
    put.url = upload; // Authorization only goes there if it is the registry's own origin
    put.contentType = "application/octet-stream";
    put.body = content;
    put.limit = 64 * 1024;
    put.idempotent = false; // an upload session is used once
    auto finished = d->call(put, scope);
    if (!finished)
        return std::unexpected(finished.error());
    if (finished->status != 201)
        return std::unexpected(d->statusError(put, *finished, u"uploading a blob to %1"_s.arg(image)));
    return digest;
}

} // namespace rd::registry
