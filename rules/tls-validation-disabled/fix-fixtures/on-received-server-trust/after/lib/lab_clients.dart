import 'package:flutter_inappwebview/flutter_inappwebview.dart';

InAppWebView portal() => InAppWebView();
