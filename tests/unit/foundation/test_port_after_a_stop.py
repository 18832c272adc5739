"""`make run` again right after Ctrl-C: the port the dashboard just left holds only
TIME-WAIT sockets (closed connections the kernel keeps for a minute). The servers bind with
SO_REUSEADDR, so the port is free for them; the start-up check must agree (outside finding:
"Port 8700 is already in use" for a minute after every stop)."""

import socket

from lives_admin.management.commands.rundashboard import port_is_free


def _leave_time_wait_on_a_port() -> int:
    server = socket.socket()
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("127.0.0.1", 0))
    server.listen()
    port = server.getsockname()[1]
    client = socket.create_connection(("127.0.0.1", port))
    accepted, _ = server.accept()
    accepted.close()  # the server's side closes first: its end of the connection waits
    client.close()
    server.close()
    return port


def test_a_port_left_in_time_wait_is_free_for_the_next_start():
    port = _leave_time_wait_on_a_port()
    assert port_is_free(port)


def test_a_port_someone_listens_on_is_taken():
    with socket.socket() as listening:
        listening.bind(("127.0.0.1", 0))
        listening.listen()
        assert not port_is_free(listening.getsockname()[1])
