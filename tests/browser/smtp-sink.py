#!/usr/bin/python3
"""tests/browser/smtp-sink.py DIR: an SMTP sink (python3-aiosmtpd) on 127.0.0.1 for the browser
tests. Prints its port on the first line, then writes each message it receives to DIR/N.json as
{"to": [...], "subject", "text": the plain text part, "attachments": [{"filename",
"content_type"}]}, parsed by Python's email package, so that the tests read what an organizer
would read. Stops on SIGTERM or SIGINT."""
import email
import email.policy
import json
import os
import signal
import socket
import sys

from aiosmtpd.controller import Controller

OUT = sys.argv[1]
os.makedirs(OUT, exist_ok=True)
count = [0]


class Sink:
    async def handle_DATA(self, server, session, envelope):
        msg = email.message_from_bytes(envelope.content, policy=email.policy.default)
        body = msg.get_body(preferencelist=("plain",))
        count[0] += 1
        tmp = os.path.join(OUT, ".%d.tmp" % count[0])
        with open(tmp, "w") as f:
            json.dump({"to": envelope.rcpt_tos, "subject": str(msg["subject"]),
                       "text": body.get_content() if body else "",
                       "attachments": [{"filename": p.get_filename(), "content_type": p.get_content_type()}
                                       for p in msg.iter_attachments()]}, f)
        os.rename(tmp, os.path.join(OUT, "%d.json" % count[0]))  # whole files only
        return "250 OK"


# the signals are taken by sigwait below, in every thread the controller starts
signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM, signal.SIGINT})
s = socket.socket()
s.bind(("127.0.0.1", 0))
port = s.getsockname()[1]
s.close()
ctl = Controller(Sink(), hostname="127.0.0.1", port=port)
ctl.start()
print(port, flush=True)
signal.sigwait({signal.SIGTERM, signal.SIGINT})
ctl.stop()
