package com.northwind.clinic_app

import io.flutter.embedding.android.FlutterActivity

// The window is never marked secure, so screenshots, screen recording and the recent-apps
// thumbnail all show whichever patient screen is open.
class MainActivity : FlutterActivity()
