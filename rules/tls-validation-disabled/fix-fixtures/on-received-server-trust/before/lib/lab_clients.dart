import 'package:flutter_inappwebview/flutter_inappwebview.dart';

InAppWebView portal() => InAppWebView(
      onReceivedServerTrustAuthRequest: (controller, challenge) async {
        return ServerTrustAuthResponse(action: ServerTrustAuthResponseAction.PROCEED);
      },
    );
