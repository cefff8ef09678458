import 'package:web_socket_channel/web_socket_channel.dart';

WebSocketChannel vitalsStream() =>
    WebSocketChannel.connect(Uri.parse('wss://monitor.clinic.example/stream'));
