package org.example.clinic

import android.os.Bundle
import android.view.WindowManager
import io.flutter.embedding.android.FlutterActivity

class MainActivity : FlutterActivity() {
    override fun onCreate(savedInstanceState: Bundle?) {
        super.onCreate(savedInstanceState)
        // Turned off while taking store screenshots.
        // window.addFlags(WindowManager.LayoutParams.FLAG_SECURE)
    }
}
