import 'package:webview_flutter/webview_flutter.dart';

NavigationDelegate delegate() => NavigationDelegate();
