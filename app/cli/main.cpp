// SPDX-License-Identifier: GPL-3.0-or-later
// releasedeck-cli: the command-line twin of the dashboard. Links rd_core only (no Qt Gui).
#include "commands.h"

#include <QCoreApplication>
#include <QTextStream>

using namespace Qt::StringLiterals;

namespace {

const char usage[] = R"(usage: releasedeck-cli [-w FILE] COMMAND [ARGS]

  demo create DIR        write a self-contained demo workspace into DIR
  validate               check the workspace file; every problem with file:line:column
  list [--json]          what version every environment runs of every artifact
  diff SRC DST [--artifact A] [--stat|--name-status|--patch] [--json]
                         the code difference between what SRC and DST run (as git diff DST SRC);
                         without --artifact: the whole repository at the environments' branches
  log SRC DST [--artifact A] [--json]
                         the commits in SRC not yet in DST, and a warning for those DST has
  health [--json] [--watch]
                         run every health check and version probe once (exit 1 unless all
                         checks are healthy); --watch: keep polling, print transitions
                         until Ctrl-C
  backups [--json]       backup status of every environment (exit 1 unless all are ok)
  backups run ENV        back up ENV now (its configured command)
  backups restore ENV FILE [--yes] [--confirm ENV]
                         restore FILE; a protected ENV needs --confirm ENV
  backups clean ENV [--dry-run] [--yes]
                         delete ENV's backups beyond retention (never the newest)
  restart A --env E [--yes]   restart artifact A in environment E
  logs A --env E [--lines N]  the last N (default 100) log lines of A in E
  status A --env E            the status of A in E
  trust HOST [--fingerprint SHA256:...]
                         record the SSH host key HOST presents in the workspace's known_hosts
                         (check its fingerprint first; a changed key is never recorded)
  promote A --to ENV [--from ENV] [--version V] [--dry-run] [--yes] [--confirm ENV] [--reason TEXT] [--no-notify] [--json]
                         show the plan, confirm, retag / move the branch / deploy / verify
  rollback A --env ENV [--to V] [--dry-run] [--yes] [--confirm ENV] [--reason TEXT] [--no-notify] [--json]
                         the same path back to the previous (or a chosen) version
  history [A] [--env ENV] [--action ACTION] [--limit N] [--id N] [--json|--csv]
                         the audit log: promotions and rollbacks, newest first (--id N: one
                         record with every step and its output)
  cleanup [--dry-run] [--yes] [--json]
                         delete old images by each artifact's retention policy (plan first;
                         never what an environment runs); --dry-run: only the plan
  secret set NAME        store the secret read from standard input (not echoed) in the desktop
                         keyring as the entry that keyring:NAME references
  secret delete NAME     delete that keyring entry
  secret check REF       say whether env:VAR or keyring:NAME resolves (never prints the secret)

  -w, --workspace FILE   the workspace file (default: $RELEASEDECK_WORKSPACE, else ./releasedeck.yaml)
  -h, --help             this text;  --version  the version

Exit codes: 0 success, 1 operation failed, 2 usage or configuration error, 3 refused by policy.
)";

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"releasedeck-cli"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(RD_VERSION));

    QStringList args = app.arguments().mid(1);
    QString workspace = qEnvironmentVariable("RELEASEDECK_WORKSPACE", u"releasedeck.yaml"_s);
    while (!args.isEmpty() && args.first().startsWith(u'-')) {
        const QString option = args.takeFirst();
        if (option == u"-h" || option == u"--help") {
            QTextStream(stdout) << usage;
            return rd::cli::Success;
        }
        if (option == u"--version") {
            QTextStream(stdout) << "releasedeck-cli " << RD_VERSION << '\n';
            return rd::cli::Success;
        }
        if ((option == u"-w" || option == u"--workspace") && !args.isEmpty()) {
            workspace = args.takeFirst();
            continue;
        }
        rd::cli::printError(u"unknown option '%1' (see releasedeck-cli --help)"_s.arg(option));
        return rd::cli::UsageError;
    }
    if (args.isEmpty()) {
        QTextStream(stderr) << usage;
        return rd::cli::UsageError;
    }
    const QString command = args.takeFirst();
    if (command == u"demo" && !args.isEmpty() && args.first() == u"create")
        return rd::cli::demoCreate(args.mid(1));
    if (command == u"validate")
        return rd::cli::validate(workspace, args);
    if (command == u"list")
        return rd::cli::list(workspace, args);
    if (command == u"diff")
        return rd::cli::diff(workspace, args);
    if (command == u"log")
        return rd::cli::log(workspace, args);
    if (command == u"health")
        return rd::cli::health(workspace, args);
    if (command == u"backups")
        return rd::cli::backups(workspace, args);
    if (command == u"restart" || command == u"logs" || command == u"status")
        return rd::cli::hostAction(command, workspace, args);
    if (command == u"trust")
        return rd::cli::trust(workspace, args);
    if (command == u"promote")
        return rd::cli::promote(workspace, args);
    if (command == u"rollback")
        return rd::cli::rollback(workspace, args);
    if (command == u"history")
        return rd::cli::history(workspace, args);
    if (command == u"cleanup")
        return rd::cli::cleanup(workspace, args);
    if (command == u"secret")
        return rd::cli::secret(args);
    rd::cli::printError(u"unknown command '%1' (see releasedeck-cli --help)"_s.arg(command));
    return rd::cli::UsageError;
}
