"""papers/hooper2008"""
